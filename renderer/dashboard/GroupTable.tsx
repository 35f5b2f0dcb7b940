import type { ReactNode } from 'react';
import { fmt } from './summaryRows';
import type { GroupMetricInfo, GroupTable as Table } from './tables';
import { TableCsvButton } from '../ui/TableCsvButton';

/** Groups as columns and runs as rows, the layout of the papers' per-action tables. */
export function GroupTable(props: {
  readonly title: string;
  readonly table: Table;
  readonly metric: GroupMetricInfo;
  readonly controls?: ReactNode;
  readonly onPickGroup: (group: string) => void;
}) {
  const { title, table, metric, controls, onPickGroup } = props;
  return (
    <section className="dash-card" aria-label={title}>
      <header className="dash-card-head">
        <h3>{title}</h3>
        <span className="dash-note">
          {metric.label} ({metric.unit}) · click a group for its frames
        </span>
        {controls}
        <TableCsvButton title={title} />
      </header>
      {table.groups.length === 0 ? (
        <p className="dash-note">the chosen runs have no per-group figures</p>
      ) : (
        <div className="dash-table-wrap">
          <table className="dash-table dash-groups">
            <thead>
              <tr>
                <th>run</th>
                {table.groups.map((g) => (
                  <th key={g} className="dash-num">
                    <button
                      type="button"
                      className="dash-link"
                      title={`show ${g}'s frames`}
                      disabled={g === '(none)'}
                      onClick={() => onPickGroup(g)}
                    >
                      {g}
                    </button>
                  </th>
                ))}
                <th className="dash-num" title="the set's figure over all matched people">
                  All
                </th>
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r) => (
                <tr key={r.runId}>
                  <th scope="row" className="dash-run">
                    <span className="swatch" style={{ background: r.color }} />
                    {r.name}
                  </th>
                  {r.cells.map((v, c) => (
                    <td
                      key={c}
                      className={v !== null && v === table.best[c] ? 'dash-num best' : 'dash-num'}
                    >
                      {fmt(v, metric.unit)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
