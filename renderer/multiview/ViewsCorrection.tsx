import type { Moment } from '../../contract';
import { getSkeleton } from '../../core';
import { usePersonBones } from '../edit/usePersonBones';
import { useEdits } from '../data/useEdits';
import { useEditStore } from '../data/useEditStore';
import { useViewsStore } from '../data/useViewsStore';
import { anchorView, bonesAt, personIn, toWorld } from './momentGeometry';
import type { Correction } from './useCorrection';

const mm = (v: number | null) => (v === null ? '—' : v.toFixed(0));
const pct = (v: number | null, median: number | null) =>
  v === null || !median
    ? ''
    : `${v >= median ? '+' : ''}${((100 * (v - median)) / median).toFixed(1)} %`;

/**
 * Correct from views: the chosen joint placed in each view (drag its handle in the grid), the
 * point triangulated from the views in use with each one's residual, the joint's bones against
 * the person's median over their frames, and the write.
 */
export function ViewsCorrection({
  moment,
  correction,
}: {
  moment: Moment;
  correction: Correction;
}) {
  const { correctFromViews } = useEdits();
  const busy = useEditStore((s) => s.busy);
  const exclude = useViewsStore((s) => s.exclude);
  const anchor = anchorView(moment)!;
  const skeleton = getSkeleton(anchor.frame.skeleton);
  const me = personIn(anchor, correction.person);
  const bones = usePersonBones(anchor.frame.datasetId, me?.instanceId ?? -1);
  const world = toWorld(me?.joints3d ?? null, anchor.camera) ?? [];
  const live = correction.live;
  const was = world[correction.joint] ?? null;
  const moved =
    live.ok && was
      ? Math.hypot(live.point[0] - was[0], live.point[1] - was[1], live.point[2] - was[2])
      : null;
  const checks = bonesAt(
    skeleton,
    world,
    correction.joint,
    live.ok ? live.point : null,
    bones?.medianMm ?? null,
  );
  const used = correction.views.filter((v) => v.used);
  const name = (j: number) => skeleton.joints[j]?.name ?? `joint ${j}`;
  const write = () => {
    if (!live.ok) return;
    const versions = moment.views.flatMap((v) => {
      const p = personIn(v, correction.person);
      return p?.version === undefined ? [] : [{ instanceId: p.instanceId, version: p.version }];
    });
    void correctFromViews(
      {
        imageId: moment.imageId,
        person: correction.person,
        joint: correction.joint,
        placed: used.map((v) => ({ imageId: v.imageId, pixel: [v.at![0], v.at![1]] })),
        versions,
      },
      `Triangulated ${name(correction.joint)} from ${used.length} views`,
      () => useViewsStore.getState().reset(null),
    );
  };
  return (
    <section className="views-correction" aria-label="Correct from views">
      <h3>
        Correct {name(correction.joint)} from views
        <span className="muted"> · person {correction.person + 1}</span>
      </h3>
      <p className="muted hint">
        Drag the joint’s handle to where it is in each view; the cross is the triangulated point
        seen there. Views start from their own labels.
      </p>
      <table className="views-residuals">
        <thead>
          <tr>
            <th>view</th>
            <th>placed</th>
            <th>use</th>
            <th>residual</th>
          </tr>
        </thead>
        <tbody>
          {correction.views.map((v) => {
            const r = correction.residual.get(v.imageId);
            return (
              <tr key={v.imageId} data-view={v.label}>
                <td>{v.label}</td>
                <td>
                  {!v.labelled ? 'not labelled' : v.dragged ? 'dragged' : v.at ? 'label' : '—'}
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`use ${v.label}`}
                    disabled={!v.labelled}
                    checked={v.used}
                    onChange={(e) => exclude(correction.key, v.imageId, !e.target.checked)}
                  />
                </td>
                <td className={r !== undefined && r > 5 ? 'bad' : ''}>
                  {r === undefined ? '—' : `${r.toFixed(1)} px`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {live.ok ? (
        <p className="triangulated">
          World point ({live.point.map((v) => v.toFixed(0)).join(', ')}) mm
          {moved !== null && <> · moves the joint {moved.toFixed(0)} mm</>}
        </p>
      ) : (
        <p className="muted">{live.why}</p>
      )}
      {checks.length > 0 && (
        <table className="views-bones">
          <thead>
            <tr>
              <th>bone</th>
              <th>now</th>
              <th>triangulated</th>
              <th>median{bones ? ` (${bones.frames} frames)` : ''}</th>
            </tr>
          </thead>
          <tbody>
            {checks.map((b) => (
              <tr key={`${b.from}-${b.to}`}>
                <td>
                  {name(b.from)}–{name(b.to)}
                </td>
                <td>
                  {mm(b.now)} <span className="muted">{pct(b.now, b.median)}</span>
                </td>
                <td>
                  {mm(b.then)} <span className="muted">{pct(b.then, b.median)}</span>
                </td>
                <td>{mm(b.median)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        className="primary"
        disabled={!live.ok || busy}
        onClick={write}
        title="Write the triangulated joint into every view of this moment (one edit: undo takes it back everywhere)"
      >
        Write joint from {used.length} views
      </button>
    </section>
  );
}
