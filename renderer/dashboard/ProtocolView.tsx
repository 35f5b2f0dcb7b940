import type { ProtocolResult } from '../../contract';
import { RunRowsTable } from './RunRowsTable';
import { fmtCell, protocolFigureRows, protocolOf, type ProtocolId } from './protocolRows';
import type { ShownRun } from './summaryRows';
import { TableCsvButton } from '../ui/TableCsvButton';

/**
 * The chosen runs under one published protocol: its figures run by run (the numbers
 * `posescope eval --protocol` prints), then the primary run's tables as the papers lay them out.
 */
export function ProtocolView(props: {
  readonly id: ProtocolId;
  readonly runs: readonly ShownRun[];
  readonly primaryId: number | null;
}) {
  const { id, runs, primaryId } = props;
  const { columns, rows } = protocolFigureRows(id, runs, primaryId);
  const lead = runs.find((r) => r.run.id === primaryId) ?? runs[0];
  const result = lead ? protocolOf(lead.run, id) : null;
  const info = result ?? runs.map((r) => protocolOf(r.run, id)).find((p) => p) ?? null;
  return (
    <>
      <section className="dash-card" aria-label="Protocol figures">
        <header className="dash-card-head">
          <h3>{info?.title ?? id}</h3>
          {info && <span className="dash-note">{info.summary}</span>}
          <TableCsvButton title={info?.title ?? id} />
        </header>
        {columns.length > 0 && (
          <RunRowsTable
            columns={columns.map((c) => ({
              key: c.key,
              label: `${c.label}${c.unit === 'mm' ? ' (mm)' : c.unit === '%' ? ' (%)' : ''}`,
              title: `${c.title} (${c.key})`,
            }))}
            rows={rows}
          />
        )}
        {rows.some((r) => r.note) && (
          <ul className="dash-notes">
            {rows.map((r) => r.note && <li key={r.runId}>{`${r.name}: ${r.note}`}</li>)}
          </ul>
        )}
        {info && <p className="dash-note dash-source">source: {info.source}</p>}
      </section>
      {lead && result && result.tables.length > 0 && (
        <div className="dash-protocol-tables">
          {result.tables.map((t) => (
            <ProtocolTable key={t.title} table={t} runName={lead.run.name} color={lead.color} />
          ))}
        </div>
      )}
    </>
  );
}

function ProtocolTable(props: {
  readonly table: ProtocolResult['tables'][number];
  readonly runName: string;
  readonly color: string;
}) {
  const { table, runName, color } = props;
  return (
    <section className="dash-card" aria-label={table.title}>
      <header className="dash-card-head">
        <h3>{table.title}</h3>
        <span className="dash-note">
          <span className="swatch" style={{ background: color }} />
          {runName}
        </span>
        <TableCsvButton title={table.title} />
      </header>
      <div className="dash-table-wrap">
        <table className="dash-table">
          <thead>
            <tr>
              <th>{table.corner}</th>
              {table.columns.map((c) => (
                <th key={c.label} className="dash-num">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {r.values.map((v, k) => (
                  <td key={k} className="dash-num">
                    {fmtCell(v, table.columns[k]?.unit ?? '')}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
