import type { DatasetInfo, Frame, PersonLabel, PersonPrediction } from '../../contract';
import { useToolResult } from '../hooks/useEdits';
import { useEditStore } from '../state/useEditStore';
import { imposeOrder, setPersonDepth } from './edit/editTools';
import { getSkeleton, poseRoot, type Vec3 } from '../../core';
import type { Artifacts } from '../hooks/useArtifacts';
import { useDatasetStore, type PersonPanel } from '../state/useDatasetStore';
import { runColor } from '../theme/sources';
import { DepthBinsChart } from './panels/DepthBinsChart';
import { DepthProfiles } from './panels/DepthProfiles';
import { RankingMatrix } from './panels/RankingMatrix';
import { JointOptions } from './JointOptions';

const TABS: readonly (readonly [PersonPanel, string])[] = [
  ['ranking', 'Ranking matrix'],
  ['bins', 'Depth bins'],
  ['heatmaps', 'Heatmaps'],
  ['profiles', 'Depth profiles'],
];

/** Each joint's depth relative to the pose's root (mm), null where a joint is missing. */
function relativeDepths(joints: PersonLabel['joints3d'], root: Vec3 | undefined) {
  if (!joints || !root) return null;
  return joints.map((j) => (j ? j[2] - root[2] : null));
}

/** The camera-space root of a pose, or undefined when a root joint is missing. */
export function rootOf(joints: PersonLabel['joints3d'], root: readonly number[]): Vec3 | undefined {
  if (!joints || root.some((r) => !joints[r])) return undefined;
  return poseRoot(joints as Vec3[], root);
}

function toMatrix(values: Float32Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * n, (i + 1) * n)));
}

/**
 * The selected person under the primary run: the DRPose3D ranking matrices, the HDNet depth-bin
 * distribution, and the heatmap controls (the maps themselves are drawn on the image).
 */
export function PersonPanels({
  frame,
  dataset,
  person,
  prediction,
  runIndex,
  artifacts,
}: {
  frame: Frame;
  dataset: DatasetInfo;
  person: PersonLabel;
  prediction: PersonPrediction | undefined;
  runIndex: number;
  artifacts: Artifacts | null;
}) {
  const panel = useDatasetStore((s) => s.panel);
  const setPanel = useDatasetStore((s) => s.setPanel);
  const highlight = useDatasetStore((s) => s.highlight);
  const setHighlight = useDatasetStore((s) => s.setHighlight);
  const heatmapJoint = useDatasetStore((s) => s.heatmapJoint);
  const heatmapOpacity = useDatasetStore((s) => s.heatmapOpacity);
  const setHeatmap = useDatasetStore((s) => s.setHeatmap);
  const skeleton = getSkeleton(frame.skeleton);
  const editing = useEditStore((s) => s.editing);
  const edit = useToolResult(person);
  const run = prediction
    ? dataset.runs.find((r) => r.id === prediction.runId)
    : dataset.runs[runIndex];
  const focal = frame.intrinsics ? Math.sqrt(frame.intrinsics.f[0] * frame.intrinsics.f[1]) : null;
  const ranking = artifacts?.byKind.get('ranking');
  const bins = artifacts?.byKind.get('depth_bins');
  const maps = artifacts?.byKind.get('heatmaps');
  const profiles = artifacts?.byKind.get('depth_profiles');
  const rangeMm = artifacts?.pipeline.find((c) => c.depthRangeMm !== undefined)?.depthRangeMm;
  const gtRoot = rootOf(person.joints3d, skeleton.root);
  const predRoot = prediction?.root ?? rootOf(prediction?.joints3d ?? null, skeleton.root);
  const noRun =
    dataset.runs.length === 0
      ? 'no prediction run: import predictions or run a model to compare'
      : null;

  return (
    <section className="person-panels" aria-label="Person panels">
      <div className="panel-tabs" role="tablist">
        {TABS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={panel === id}
            className={panel === id ? 'active' : undefined}
            onClick={() => setPanel(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="panel-body" role="tabpanel">
        {panel === 'ranking' && (
          <RankingMatrix
            skeleton={skeleton}
            gt={person.joints3d}
            pred={prediction?.joints3d ?? null}
            predMatrix={ranking ? toMatrix(ranking.values, ranking.shape[0]!) : undefined}
            highlight={highlight ? [highlight[0], highlight[1]] : null}
            onHoverPair={setHighlight}
            predLabel={run?.name}
            onImpose={
              editing
                ? (i, j, order) =>
                    edit(imposeOrder(frame, person, i, j, order), 'impose-ranking', null)
                : undefined
            }
          />
        )}
        {panel === 'bins' && (
          <>
            {noRun && <p className="muted">{noRun}</p>}
            <DepthBinsChart
              probs={bins ? Array.from(bins.values) : null}
              focal={focal}
              gtDepthMm={gtRoot?.[2]}
              predDepthMm={predRoot?.[2]}
              color={runColor(runIndex)}
              width={400}
              onPickDepth={
                editing
                  ? (mm) => edit(setPersonDepth(frame, person, mm), 'root-depth', null)
                  : undefined
              }
            />
          </>
        )}
        {panel === 'profiles' &&
          (profiles && rangeMm !== undefined ? (
            <DepthProfiles
              skeleton={skeleton}
              values={profiles.values}
              shape={profiles.shape}
              rangeMm={rangeMm}
              gtRelMm={relativeDepths(person.joints3d, gtRoot)}
              predRelMm={relativeDepths(prediction?.joints3d ?? null, predRoot)}
              color={runColor(runIndex)}
              highlight={highlight}
            />
          ) : (
            <p className="panel-empty">
              {noRun ??
                (artifacts?.note
                  ? `this run has no depth profiles: ${artifacts.note}`
                  : 'this run has no depth profiles: only volumetric (depth-centric) models produce them')}
            </p>
          ))}
        {panel === 'heatmaps' &&
          (maps ? (
            <div className="heatmap-controls">
              <label>
                Joint
                <select
                  aria-label="Heatmap joint"
                  value={heatmapJoint ?? ''}
                  onChange={(e) =>
                    setHeatmap({ joint: e.target.value === '' ? null : Number(e.target.value) })
                  }
                >
                  <option value="">maximum over joints</option>
                  <JointOptions skeleton={skeleton} />
                </select>
              </label>
              <label>
                Opacity
                <input
                  aria-label="Heatmap opacity"
                  type="range"
                  min={0}
                  max={1}
                  step={0.05}
                  value={heatmapOpacity}
                  onChange={(e) => setHeatmap({ opacity: Number(e.target.value) })}
                />
              </label>
              <p className="muted">
                {maps.shape.join('×')} maps over the person&apos;s crop; + marks the argmax, × the
                soft-argmax.
              </p>
            </div>
          ) : (
            <p className="panel-empty">
              {noRun ??
                (artifacts?.note
                  ? `this run has no heatmaps: ${artifacts.note}`
                  : 'this run has no heatmaps: its model family does not produce them')}
            </p>
          ))}
      </div>
    </section>
  );
}
