import type { ReactNode } from 'react';
import type { ShownRun } from './summaryRows';

/**
 * The two header rows of a table with runs as column groups: each run's name over its figures'
 * labels. `leading` are the row-label cells before the groups (spanning both rows).
 */
export function RunColumnHeads({
  runs,
  columns,
  leading,
}: {
  readonly runs: readonly ShownRun[];
  readonly columns: readonly { readonly key: string; readonly label: string }[];
  readonly leading: ReactNode;
}) {
  return (
    <>
      <tr>
        {leading}
        {runs.map(({ run, color }) => (
          <th key={run.id} colSpan={columns.length} className="dash-run-head">
            <span className="swatch" style={{ background: color }} />
            {run.name}
          </th>
        ))}
      </tr>
      <tr>
        {runs.flatMap(({ run }) =>
          columns.map((c) => (
            <th key={`${run.id}:${c.key}`} className="dash-num">
              {c.label}
            </th>
          )),
        )}
      </tr>
    </>
  );
}
