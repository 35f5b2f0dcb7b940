import type { Frame, PersonLabel, PersonPrediction, RunInfo } from '../../contract';
import { swapSides, type Skeleton } from '../../core';
import { toPersonJoints } from '../../contract';
import type { ApplyTool, useEdits } from '../data/useEdits';
import { useEditStore } from '../data/useEditStore';
import { JointOptions } from '../ui/JointOptions';
import { acceptRun, flipDepth, setJointDepth, setPersonDepth } from './editTools';
import { MetresInput } from './MetresInput';
import { VIS, VisibilitySelect } from './VisibilitySelect';

/** What the rows of the edit panel act on and with. */
interface ToolsProps {
  readonly frame: Frame;
  readonly person: PersonLabel;
  readonly skeleton: Skeleton;
  readonly prediction: PersonPrediction | undefined;
  /** The prediction's run. */
  readonly run: RunInfo | undefined;
  /** Sends a tool's proposal as an edit of the person. */
  readonly apply: ApplyTool;
  /** Whether the person has 3D labels (the depth tools need them). */
  readonly has3d: boolean;
}

/** The joint the tools act on, and the bone lock. */
export function JointPickRow({ skeleton, has3d }: { skeleton: Skeleton; has3d: boolean }) {
  const joint = useEditStore((s) => s.joint);
  const setJoint = useEditStore((s) => s.setJoint);
  const boneLock = useEditStore((s) => s.boneLock);
  const setBoneLock = useEditStore((s) => s.setBoneLock);
  return (
    <div className="edit-row">
      <label>
        Joint
        <select
          aria-label="Joint to correct"
          value={joint ?? ''}
          onChange={(e) => setJoint(e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">choose (or click a handle)</option>
          <JointOptions skeleton={skeleton} />
        </select>
      </label>
      {has3d && (
        <label className="check">
          <input
            type="checkbox"
            checked={boneLock}
            onChange={(e) => setBoneLock(e.target.checked)}
          />
          keep bone lengths
        </label>
      )}
    </div>
  );
}

/** The chosen joint's depth along its ray: nudges and a typed depth. */
function JointDepthTools({ frame, person, apply, joint }: ToolsProps & { joint: number }) {
  const boneLock = useEditStore((s) => s.boneLock);
  const depth = person.joints3d?.[joint]?.[2] ?? null;
  const toDepth = (mm: number) =>
    apply(
      setJointDepth(frame, person, joint, mm, boneLock),
      boneLock ? 'bone-lock' : 'ray-drag',
      joint,
    );
  return (
    <>
      <span>depth {depth === null ? '—' : `${(depth / 1000).toFixed(3)} m`}</span>
      {[-100, -20, 20, 100].map((d) => (
        <button
          key={d}
          type="button"
          disabled={depth === null}
          title={`${d > 0 ? 'Away from' : 'Towards'} the camera along the joint's ray`}
          onClick={() => toDepth(depth! + d)}
        >
          {d > 0 ? '+' : '−'}
          {Math.abs(d)} mm
        </button>
      ))}
      <MetresInput label="Joint depth in metres" placeholder="depth m" onMm={toDepth} />
    </>
  );
}

/** The chosen joint's tools: depth, visibility, the limb flip, the run's prediction. */
export function JointToolsRow(props: ToolsProps & { joint: number }) {
  const { frame, person, skeleton, prediction, run, apply, has3d, joint } = props;
  return (
    <div className="edit-row">
      {has3d && <JointDepthTools {...props} />}
      <VisibilitySelect
        value={person.visibility?.[joint] ?? null}
        onChange={(v) => {
          const vis = skeleton.joints.map((_, j) => person.visibility?.[j] ?? 2);
          vis[joint] = v;
          apply(
            { ok: true, after: { vis }, what: `${skeleton.joints[joint]?.name} ${VIS[v]}` },
            'set-visibility',
            joint,
          );
        }}
      />
      {has3d && (
        <button
          type="button"
          title="The other depth of this joint's bone with the same 2D point and length"
          onClick={() => apply(flipDepth(frame, person, joint), 'depth-flip', joint)}
        >
          Flip limb depth
        </button>
      )}
      {prediction && run && (
        <button
          type="button"
          onClick={() =>
            apply(acceptRun(frame, person, prediction, joint, run.name), 'accept-prediction', joint)
          }
        >
          Accept {run.name} here
        </button>
      )}
    </div>
  );
}

/** Every person of the frame that a run matched, with that run's prediction as their edit. */
function acceptFrameItems(frame: Frame, runId: number, runName: string) {
  return frame.people.flatMap((p) => {
    const pred = frame.predictions.find((q) => q.runId === runId && q.instanceId === p.instanceId);
    const r = pred ? acceptRun(frame, p, pred, 'all', runName) : null;
    return r?.ok
      ? [
          {
            instanceId: p.instanceId,
            version: p.version,
            tool: 'accept-prediction' as const,
            joint: null,
            after: r.after,
          },
        ]
      : [];
  });
}

/** The whole person's tools: root depth, the run's prediction (for them or the frame), sides. */
export function PersonToolsRow(
  props: ToolsProps & { applyAll: ReturnType<typeof useEdits>['applyAll'] },
) {
  const { frame, person, skeleton, prediction, run, apply, has3d, applyAll } = props;
  const root = skeleton.root.map((r) => person.joints3d?.[r]?.[2]).filter((z) => z != null);
  const rootDepth =
    root.length === skeleton.root.length ? root.reduce((a, b) => a! + b!, 0)! / root.length : null;
  const acceptFrame = async (runId: number, runName: string) => {
    const items = acceptFrameItems(frame, runId, runName);
    await applyAll(items, `Accepted ${runName} for ${items.length} people`);
  };
  return (
    <div className="edit-row">
      {has3d && (
        <>
          <span>root {rootDepth === null ? '—' : `${(rootDepth / 1000).toFixed(3)} m`}</span>
          <MetresInput
            label="Root depth in metres"
            placeholder="root m"
            onMm={(mm) => apply(setPersonDepth(frame, person, mm), 'root-depth', null)}
          />
        </>
      )}
      {prediction && run && (
        <button
          type="button"
          onClick={() =>
            apply(acceptRun(frame, person, prediction, 'all', run.name), 'accept-prediction', null)
          }
        >
          Accept {run.name} for the person
        </button>
      )}
      {run && (
        <button
          type="button"
          title={`Every person ${run.name} matched in this frame takes its prediction`}
          onClick={() => void acceptFrame(run.id, run.name)}
        >
          … for the frame
        </button>
      )}
      <button
        type="button"
        title="Exchange every left joint with its right partner (a label with its sides swapped)"
        onClick={() =>
          apply(
            {
              ok: true,
              after: swapSides(toPersonJoints(person), skeleton),
              what: 'Swapped left and right',
            },
            'swap-sides',
            null,
          )
        }
      >
        Swap left and right
      </button>
    </div>
  );
}
