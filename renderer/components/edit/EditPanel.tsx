import type { DatasetInfo, Frame, PersonLabel, PersonPrediction } from '../../../contract';
import { getSkeleton, swapSides } from '../../../core';
import { toPersonJoints } from './personJoints';
import { useEdits, useToolResult } from '../../hooks/useEdits';
import { useEditStore } from '../../state/useEditStore';
import { acceptRun, flipDepth, setJointDepth, setPersonDepth } from './editTools';
import { EditFeedback } from './EditFeedback';
import { ReviewSelect } from './ReviewSelect';
import { JointOptions } from '../JointOptions';
import { MetresInput } from './MetresInput';
import { VIS, VisibilitySelect } from './VisibilitySelect';

/**
 * The correction tools for the inspected person: the joint the tools act on (chosen here or by
 * clicking its handle on the image), its depth along its ray, the limb flip, the person's root
 * depth, and accepting the primary run's prediction; with undo/redo and live feedback.
 */
export function EditPanel({
  frame,
  dataset,
  person,
  prediction,
}: {
  frame: Frame;
  dataset: DatasetInfo;
  person: PersonLabel;
  prediction: PersonPrediction | undefined;
}) {
  const { undo, redo, applyAll, deletePerson } = useEdits();
  const acceptFrame = async (runId: number, runName: string) => {
    const items = frame.people.flatMap((p) => {
      const pred = frame.predictions.find(
        (q) => q.runId === runId && q.instanceId === p.instanceId,
      );
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
    await applyAll(items, `Accepted ${runName} for ${items.length} people`);
  };
  const joint = useEditStore((s) => s.joint);
  const setJoint = useEditStore((s) => s.setJoint);
  const boneLock = useEditStore((s) => s.boneLock);
  const setBoneLock = useEditStore((s) => s.setBoneLock);
  const counts = useEditStore((s) => s.counts);
  const message = useEditStore((s) => s.message);
  const busy = useEditStore((s) => s.busy);
  const skeleton = getSkeleton(frame.skeleton);
  const depth = joint === null ? null : (person.joints3d?.[joint]?.[2] ?? null);
  const root = skeleton.root.map((r) => person.joints3d?.[r]?.[2]).filter((z) => z != null);
  const rootDepth =
    root.length === skeleton.root.length ? root.reduce((a, b) => a! + b!, 0)! / root.length : null;
  const run = prediction ? dataset.runs.find((r) => r.id === prediction.runId) : undefined;

  const use = useToolResult(person);
  // Depths, the limb flip and the root are 3D tools: a 2D-only label (COCO) has no use for them.
  const has3d = person.joints3d !== null;

  return (
    <section className="edit-panel" aria-label="Correct labels">
      <header className="edit-head">
        <strong>Correcting person {person.person + 1}</strong>
        <span className="muted">as {counts?.annotator ?? '…'}</span>
        <button type="button" onClick={() => void undo()} disabled={!counts?.undo}>
          Undo ({counts?.undo ?? 0})
        </button>
        <button type="button" onClick={() => void redo()} disabled={!counts?.redo}>
          Redo ({counts?.redo ?? 0})
        </button>
        <ReviewSelect frame={frame} />
        <button
          type="button"
          className="danger"
          disabled={busy}
          title="Take this person out of the labels (undo brings them back)"
          onClick={() =>
            void deletePerson(person.instanceId, `Deleted person ${person.person + 1}`)
          }
        >
          Delete person
        </button>
      </header>
      <fieldset className="edit-tools" disabled={busy} aria-busy={busy}>
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
        {joint !== null && (
          <div className="edit-row">
            {has3d && (
              <>
                <span>depth {depth === null ? '—' : `${(depth / 1000).toFixed(3)} m`}</span>
                {[-100, -20, 20, 100].map((d) => (
                  <button
                    key={d}
                    type="button"
                    disabled={depth === null}
                    title={`${d > 0 ? 'Away from' : 'Towards'} the camera along the joint's ray`}
                    onClick={() =>
                      use(
                        setJointDepth(frame, person, joint, depth! + d, boneLock),
                        boneLock ? 'bone-lock' : 'ray-drag',
                        joint,
                      )
                    }
                  >
                    {d > 0 ? '+' : '−'}
                    {Math.abs(d)} mm
                  </button>
                ))}
                <MetresInput
                  label="Joint depth in metres"
                  placeholder="depth m"
                  onMm={(mm) =>
                    use(
                      setJointDepth(frame, person, joint, mm, boneLock),
                      boneLock ? 'bone-lock' : 'ray-drag',
                      joint,
                    )
                  }
                />
              </>
            )}
            <VisibilitySelect
              value={person.visibility?.[joint] ?? null}
              onChange={(v) => {
                const vis = skeleton.joints.map((_, j) => person.visibility?.[j] ?? 2);
                vis[joint] = v;
                use(
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
                onClick={() => use(flipDepth(frame, person, joint), 'depth-flip', joint)}
              >
                Flip limb depth
              </button>
            )}
            {prediction && run && (
              <button
                type="button"
                onClick={() =>
                  use(
                    acceptRun(frame, person, prediction, joint, run.name),
                    'accept-prediction',
                    joint,
                  )
                }
              >
                Accept {run.name} here
              </button>
            )}
          </div>
        )}
        <div className="edit-row">
          {has3d && (
            <>
              <span>root {rootDepth === null ? '—' : `${(rootDepth / 1000).toFixed(3)} m`}</span>
              <MetresInput
                label="Root depth in metres"
                placeholder="root m"
                onMm={(mm) => use(setPersonDepth(frame, person, mm), 'root-depth', null)}
              />
            </>
          )}
          {prediction && run && (
            <button
              type="button"
              onClick={() =>
                use(
                  acceptRun(frame, person, prediction, 'all', run.name),
                  'accept-prediction',
                  null,
                )
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
              use(
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
      </fieldset>
      {message && (
        <p className={message.error ? 'edit-message error-text' : 'edit-message'} role="status">
          {message.text}
        </p>
      )}
      <EditFeedback frame={frame} person={person} joint={joint} />
    </section>
  );
}
