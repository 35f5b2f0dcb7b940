import { RunRowsTable } from './RunRowsTable';
import { summaryRows, type DatasetKind, type ShownRun } from './summaryRows';
import { TableCsvButton } from '../ui/TableCsvButton';

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
        <TableCsvButton title={'Set figures'} />
      </header>
      <RunRowsTable
        columns={columns.map((c) => ({
          key: c.key,
          label: c.label,
          title: `${c.title} (${c.key})`,
        }))}
        rows={rows}
        extra={{
          label: 'matched',
          title: 'matched people / people with valid labels',
          cell: (runId) => rows.find((r) => r.runId === runId)?.matched,
        }}
      />
      {rows.some((r) => r.note) && (
        <ul className="dash-notes">{rows.map((r) => r.note && <li key={r.runId}>{r.note}</li>)}</ul>
      )}
    </section>
  );
}
