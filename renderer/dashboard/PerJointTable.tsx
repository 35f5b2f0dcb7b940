import { fmt, type DatasetKind, type ShownRun } from './summaryRows';
import { jointTable } from './tables';
import { TableCsvButton } from '../ui/TableCsvButton';
import { RunColumnHeads } from './RunColumnHeads';

/** Joints as rows and runs as columns (each per-joint figure): which joints a model gets wrong. */
export function PerJointTable({
  runs,
  kind,
}: {
  readonly runs: readonly ShownRun[];
  readonly kind: DatasetKind;
}) {
  const { joints, columns, rows } = jointTable(runs, kind);
  if (joints.length === 0 || columns.length === 0) return null;
  const first = columns[0]!;
  // The best first figure of each joint among two or more runs, to read the winner per row.
  const best = rows.map((cells) => {
    const v = cells.map((c) => c[0] ?? null).filter((x): x is number => x !== null);
    if (v.length < 2) return null;
    return first.lower ? Math.min(...v) : Math.max(...v);
  });
  const note =
    kind === '3d'
      ? 'root-relative MPJPE (mm) and 3DPCK (%)'
      : columns.map((c) => c.label).join(' and ') + ' (%), over paired people';
  return (
    <section className="dash-card" aria-label="Per joint">
      <header className="dash-card-head">
        <h3>Per joint</h3>
        <span className="dash-note">{note}</span>
        <TableCsvButton title={'Per joint'} />
      </header>
      <div className="dash-table-wrap">
        <table className="dash-table dash-joints">
          <thead>
            <RunColumnHeads runs={runs} columns={columns} leading={<th rowSpan={2}>joint</th>} />
          </thead>
          <tbody>
            {joints.map((joint, j) => (
              <tr key={`${j}${joint}`}>
                <th scope="row">{joint}</th>
                {(rows[j] ?? []).flatMap((cells, r) =>
                  columns.map((c, k) => {
                    const v = cells[k] ?? null;
                    const isBest = k === 0 && v !== null && v === best[j];
                    return (
                      <td key={`${r}${c.key}`} className={isBest ? 'dash-num best' : 'dash-num'}>
                        {fmt(v, c.unit)}
                      </td>
                    );
                  }),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
