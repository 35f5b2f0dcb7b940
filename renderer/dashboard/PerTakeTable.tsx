import { fmt, type ShownRun } from './summaryRows';
import { TableCsvButton } from '../ui/TableCsvButton';
import { RunColumnHeads } from './RunColumnHeads';

type Key = 'MPJVE' | 'accel_error';
const FIGURES: readonly { key: Key; label: string }[] = [
  { key: 'MPJVE', label: 'MPJVE' },
  { key: 'accel_error', label: 'Accel' },
];

/**
 * Takes as rows and runs as columns: each run's velocity and acceleration errors per take
 * (mm/frame, mm/frame²), where a temporal model's smoothness shows and a single-frame one's
 * jitter does. Only shown when a run has per-take figures (a video dataset).
 */
export function PerTakeTable({ runs }: { readonly runs: readonly ShownRun[] }) {
  const withTakes = runs.filter((r) => (r.run.summary?.per_take?.length ?? 0) > 0);
  if (withTakes.length === 0) return null;
  const takes = [
    ...new Set(withTakes.flatMap((r) => r.run.summary!.per_take!.map((t) => t.take))),
  ].sort(new Intl.Collator('en', { numeric: true }).compare);
  const cell = (r: ShownRun, take: string, key: Key) =>
    r.run.summary?.per_take?.find((t) => t.take === take)?.[key] ?? null;
  const frames = (take: string) =>
    Math.max(
      ...withTakes.map((r) => r.run.summary?.per_take?.find((t) => t.take === take)?.frames ?? 0),
    );
  return (
    <section className="dash-card" aria-label="Per take">
      <header className="dash-card-head">
        <h3>Per take</h3>
        <span className="dash-note">
          velocity error MPJVE (mm/frame, VideoPose3D) and acceleration error (mm/frame², HMR/VIBE)
          over consecutive frames of one person
        </span>
        <TableCsvButton title="Per take" />
      </header>
      <div className="dash-table-wrap">
        <table className="dash-table dash-takes">
          <thead>
            <RunColumnHeads
              runs={withTakes}
              columns={FIGURES}
              leading={
                <>
                  <th rowSpan={2}>take</th>
                  <th rowSpan={2} className="dash-num">
                    frames
                  </th>
                </>
              }
            />
          </thead>
          <tbody>
            {takes.map((take) => (
              <tr key={take}>
                <th scope="row">{take}</th>
                <td className="dash-num">{frames(take)}</td>
                {withTakes.flatMap((r) =>
                  FIGURES.map((f) => (
                    <td key={`${r.run.id}:${f.key}`} className="dash-num">
                      {fmt(cell(r, take, f.key), 'mm')}
                    </td>
                  )),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
