import type { DatasetInfo, Frame, PersonLabel, PersonPrediction } from '../../contract';
import { getSkeleton } from '../../core';
import { useEdits, useToolResult } from '../data/useEdits';
import { useEditStore } from '../data/useEditStore';
import { EditFeedback } from './EditFeedback';
import { JointPickRow, JointToolsRow, PersonToolsRow } from './EditToolRows';
import { ReviewSelect } from './ReviewSelect';

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
  const joint = useEditStore((s) => s.joint);
  const counts = useEditStore((s) => s.counts);
  const message = useEditStore((s) => s.message);
  const busy = useEditStore((s) => s.busy);
  const skeleton = getSkeleton(frame.skeleton);
  const run = prediction ? dataset.runs.find((r) => r.id === prediction.runId) : undefined;

  const use = useToolResult(person);
  // Depths, the limb flip and the root are 3D tools: a 2D-only label (COCO) has no use for them.
  const has3d = person.joints3d !== null;
  const tools = { frame, person, skeleton, prediction, run, apply: use, has3d };

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
        <JointPickRow skeleton={skeleton} has3d={has3d} />
        {joint !== null && <JointToolsRow {...tools} joint={joint} />}
        <PersonToolsRow {...tools} applyAll={applyAll} />
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
