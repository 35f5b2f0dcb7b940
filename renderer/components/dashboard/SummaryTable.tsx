import { summaryRows, type DatasetKind, type ShownRun } from './summaryRows';

/** One row per chosen run with the set figures `posescope eval` prints; best per column in bold. */
export function SummaryTable(props: {
  readonly kind: DatasetKind;
  readonly runs: readonly ShownRun[];
  readonly primaryId: number | null;
}) {
  const { columns, rows } = summaryRows(props.kind, props.runs, props.primaryId);
  return (
    <section className="dash-card" aria-label="Set figures">
      <header className="dash-card-head">
        <h3>Set figures</h3>
        <span className="dash-note">
          {props.kind === '3d' ? 'mm and %, over matched people' : 'COCO keypoint protocol'}
        </span>
      </header>
      <div className="dash-table-wrap">
        <table className="dash-table">
          <thead>
            <tr>
              <th>run</th>
              {columns.map((c) => (
                <th key={c.key} className="dash-num" title={`${c.title} (${c.key})`}>
                  {c.label}
                </th>
              ))}
              <th className="dash-num" title="matched people / people with valid labels">
                matched
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.runId} className={r.primary ? 'primary' : undefined}>
                <th scope="row" className="dash-run">
                  <span className="swatch" style={{ background: r.color }} />
                  {r.name}
                  {r.primary && <span className="badge">primary</span>}
                </th>
                {r.cells.map((c) => (
                  <td key={c.key} className={c.best ? 'dash-num best' : 'dash-num'}>
                    {c.text}
                  </td>
                ))}
                <td className="dash-num">{r.matched}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.some((r) => r.note) && (
        <ul className="dash-notes">{rows.map((r) => r.note && <li key={r.runId}>{r.note}</li>)}</ul>
      )}
    </section>
  );
}
