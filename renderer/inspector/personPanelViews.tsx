import type { Frame, PersonLabel, PersonPrediction, RunInfo } from '../../contract';
import type { Skeleton } from '../../core';
import type { Artifacts } from '../data/useArtifacts';
import { useDatasetStore } from '../data/useDatasetStore';
import type { ApplyTool } from '../data/useEdits';
import { imposeOrder, setPersonDepth } from '../edit/editTools';
import { runColor } from '../theme/sources';
import { JointOptions } from '../ui/JointOptions';
import { DepthBinsChart } from './DepthBinsChart';
import { DepthProfiles } from './DepthProfiles';
import { relativeDepths, rootOf } from './personDepths';
import { RankingMatrix } from './RankingMatrix';
import { HeatScale } from './HeatScale';

/** What every person panel gets: the inspected person under the primary run. */
export interface PersonPanelProps {
  readonly frame: Frame;
  readonly person: PersonLabel;
  readonly prediction: PersonPrediction | undefined;
  readonly skeleton: Skeleton;
  /** The prediction's run, else the primary run. */
  readonly run: RunInfo | undefined;
  readonly runIndex: number;
  /** The primary run's stored model outputs for the person; null while loading or without one. */
  readonly artifacts: Artifacts | null;
  /** Why there is nothing to compare with (the dataset has no run), or null. */
  readonly noRun: string | null;
  /** Sends a tool's proposal as an edit of the person; undefined unless correcting labels. */
  readonly correct: ApplyTool | undefined;
}

function toMatrix(values: Float32Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * n, (i + 1) * n)));
}

/** The ground truth's and the prediction's camera-space roots. */
function roots({ person, prediction, skeleton }: PersonPanelProps) {
  const gtRoot = rootOf(person.joints3d, skeleton.root);
  const predRoot = prediction?.root ?? rootOf(prediction?.joints3d ?? null, skeleton.root);
  return { gtRoot, predRoot };
}

/** DRPose3D's ranking matrices: which joint is in front of which, labels against prediction. */
export function RankingPanel(props: PersonPanelProps) {
  const { frame, person, prediction, skeleton, run, artifacts, correct } = props;
  const highlight = useDatasetStore((s) => s.highlight);
  const setHighlight = useDatasetStore((s) => s.setHighlight);
  const ranking = artifacts?.byKind.get('ranking');
  return (
    <RankingMatrix
      skeleton={skeleton}
      gt={person.joints3d}
      pred={prediction?.joints3d ?? null}
      predMatrix={ranking ? toMatrix(ranking.values, ranking.shape[0]!) : undefined}
      highlight={highlight ? [highlight[0], highlight[1]] : null}
      onHoverPair={setHighlight}
      predLabel={run?.name}
      onImpose={
        correct
          ? (i, j, order) =>
              correct(imposeOrder(frame, person, i, j, order), 'impose-ranking', null)
          : undefined
      }
    />
  );
}

/** HDNet's root-depth bin distribution with the labelled and predicted root depths. */
export function DepthBinsPanel(props: PersonPanelProps) {
  const { frame, person, run, runIndex, artifacts, noRun, correct } = props;
  const { gtRoot, predRoot } = roots(props);
  const bins = artifacts?.byKind.get('depth_bins');
  const focal = frame.intrinsics ? Math.sqrt(frame.intrinsics.f[0] * frame.intrinsics.f[1]) : null;
  const cfg = artifacts?.pipeline.find((c) => c.depthBins !== undefined)?.depthBins;
  return (
    <>
      {noRun && <p className="muted">{noRun}</p>}
      <DepthBinsChart
        probs={bins ? Array.from(bins.values) : null}
        focal={focal}
        alpha={cfg?.alpha}
        beta={cfg?.beta}
        gtDepthMm={gtRoot?.[2]}
        predDepthMm={predRoot?.[2]}
        color={runColor(runIndex)}
        runName={run?.name}
        width={400}
        onPickDepth={
          correct
            ? (mm) => correct(setPersonDepth(frame, person, mm), 'root-depth', null)
            : undefined
        }
      />
    </>
  );
}

/** A volumetric model's per-joint depth distributions around the root. */
export function DepthProfilesPanel(props: PersonPanelProps) {
  const { person, prediction, skeleton, run, runIndex, artifacts, noRun } = props;
  const name = run?.name ?? 'this run';
  const highlight = useDatasetStore((s) => s.highlight);
  const { gtRoot, predRoot } = roots(props);
  const profiles = artifacts?.byKind.get('depth_profiles');
  const rangeMm = artifacts?.pipeline.find((c) => c.depthRangeMm !== undefined)?.depthRangeMm;
  if (!profiles || rangeMm === undefined)
    return (
      <p className="panel-empty">
        {noRun ??
          (artifacts?.note
            ? `${name} has no depth profiles: ${artifacts.note}`
            : `${name} has no depth profiles: only volumetric (depth-centric) models produce them`)}
      </p>
    );
  return (
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
  );
}

/** The heatmap controls; the maps themselves are drawn on the image (HeatmapLayer). */
export function HeatmapPanel({ skeleton, artifacts, noRun, run }: PersonPanelProps) {
  const name = run?.name ?? 'this run';
  const heatmapJoint = useDatasetStore((s) => s.heatmapJoint);
  const heatmapOpacity = useDatasetStore((s) => s.heatmapOpacity);
  const setHeatmap = useDatasetStore((s) => s.setHeatmap);
  const maps = artifacts?.byKind.get('heatmaps');
  if (!maps)
    return (
      <p className="panel-empty">
        {noRun ??
          (artifacts?.note
            ? `${name} has no heatmaps: ${artifacts.note}`
            : `${name} has no heatmaps: its model family does not produce them`)}
      </p>
    );
  return (
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
      <HeatScale maps={maps} joint={heatmapJoint} />
      <p className="muted">
        {maps.shape.join('×')} maps over the person&apos;s crop; + marks the argmax, × the
        soft-argmax.
      </p>
    </div>
  );
}
