import type { ReactNode } from 'react';

export interface RunRowsColumn {
  readonly key: string;
  readonly label: string;
  readonly title: string;
}

export interface RunRowsRow {
  readonly runId: number;
  readonly name: string;
  readonly color: string;
  readonly primary: boolean;
  readonly cells: readonly { readonly text: string; readonly best: boolean }[];
}

/**
 * One row per run (its colour, name and primary badge) with figure columns, each column's best
 * value in bold; `extra` adds a last column (the set table's matched / instances).
 */
export function RunRowsTable(props: {
  readonly columns: readonly RunRowsColumn[];
  readonly rows: readonly RunRowsRow[];
  readonly extra?: {
    readonly label: string;
    readonly title: string;
    readonly cell: (runId: number) => ReactNode;
  };
}) {
  const { columns, rows, extra } = props;
  return (
    <div className="dash-table-wrap">
      <table className="dash-table">
        <thead>
          <tr>
            <th>run</th>
            {columns.map((c) => (
              <th key={c.key} className="dash-num" title={c.title}>
                {c.label}
              </th>
            ))}
            {extra && (
              <th className="dash-num" title={extra.title}>
                {extra.label}
              </th>
            )}
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
              {r.cells.map((c, k) => (
                <td key={columns[k]?.key ?? k} className={c.best ? 'dash-num best' : 'dash-num'}>
                  {c.text}
                </td>
              ))}
              {extra && <td className="dash-num">{extra.cell(r.runId)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
