import { fmt, type ShownRun } from './summaryRows';
import { jointTable } from './tables';

/** Joints as rows and runs as columns (MPJPE and 3DPCK each): which joints a model gets wrong. */
export function PerJointTable({ runs }: { readonly runs: readonly ShownRun[] }) {
  const { joints, rows } = jointTable(runs);
  if (joints.length === 0) return null;
  // The lowest error of each joint among two or more runs, to read the winner per row.
  const best = rows.map((cells) => {
    const v = cells.map((c) => c.mpjpe).filter((x): x is number => x !== null);
    return v.length >= 2 ? Math.min(...v) : null;
  });
  return (
    <section className="dash-card" aria-label="Per joint">
      <header className="dash-card-head">
        <h3>Per joint</h3>
        <span className="dash-note">root-relative MPJPE (mm) and 3DPCK (%)</span>
      </header>
      <div className="dash-table-wrap">
        <table className="dash-table dash-joints">
          <thead>
            <tr>
              <th rowSpan={2}>joint</th>
              {runs.map(({ run, color }) => (
                <th key={run.id} colSpan={2} className="dash-run-head">
                  <span className="swatch" style={{ background: color }} />
                  {run.name}
                </th>
              ))}
            </tr>
            <tr>
              {runs.flatMap(({ run }) => [
                <th key={`${run.id}m`} className="dash-num">
                  MPJPE
                </th>,
                <th key={`${run.id}p`} className="dash-num">
                  3DPCK
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {joints.map((joint, j) => (
              <tr key={joint}>
                <th scope="row">{joint}</th>
                {(rows[j] ?? []).flatMap((c, r) => [
                  <td
                    key={`${r}m`}
                    className={
                      c.mpjpe !== null && c.mpjpe === best[j] ? 'dash-num best' : 'dash-num'
                    }
                  >
                    {fmt(c.mpjpe, 'mm')}
                  </td>,
                  <td key={`${r}p`} className="dash-num">
                    {fmt(c.pck, '%')}
                  </td>,
                ])}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
