import {
  cannotAddPeople,
  type DatasetInfo,
  type Frame,
  type PersonPrediction,
} from '../../contract';
import { useEdits } from '../data/useEdits';
import { useEditStore } from '../data/useEditStore';
import { toPersonJoints } from '../../contract';

/** A run's unmatched prediction as a new person's labels: its 3D where the dataset labels 3D. */
function fromPrediction(frame: Frame, p: PersonPrediction) {
  const use3d = frame.intrinsics !== null && p.joints3d !== null;
  const vis = (use3d ? p.joints3d! : (p.joints2d ?? [])).map((j) => (j ? 2 : 0));
  const { joints3d, joints2d } = toPersonJoints(p);
  return use3d ? { joints3d, vis } : { joints2d, vis };
}

/** The mean of a pose's present joints, or null when none is. */
function centre(joints: readonly (readonly number[] | null)[] | null): number[] | null {
  const present = (joints ?? []).filter((j): j is readonly number[] => j !== null);
  if (present.length === 0) return null;
  return present[0]!.map((_, k) => present.reduce((a, j) => a + j[k]!, 0) / present.length);
}

/**
 * Whether a label already stands where the prediction is (within a millimetre or a pixel): the
 * person just added from it, before the runs are scored again and it counts as matched.
 */
function labelledAlready(frame: Frame, p: PersonPrediction): boolean {
  const use3d = frame.intrinsics !== null && p.joints3d !== null;
  const at = centre(use3d ? p.joints3d : p.joints2d);
  return (
    at !== null &&
    frame.people.some((g) => {
      const c = centre(use3d ? g.joints3d : g.joints2d);
      return c !== null && c.every((v, k) => Math.abs(v - at[k]!) < 1);
    })
  );
}

/**
 * Adding people to the frame: draw a box for a new person (a standing pose fitted to it, to
 * correct from), or take a run's prediction that matched nobody (a person the labels missed).
 */
export function AddPersonBar({
  frame,
  dataset,
  runId,
}: {
  frame: Frame;
  dataset: DatasetInfo;
  runId: number | null;
}) {
  const { addPerson } = useEdits();
  const drawing = useEditStore((s) => s.drawing);
  const busy = useEditStore((s) => s.busy);
  const why = cannotAddPeople(dataset.format);
  const run = dataset.runs.find((r) => r.id === runId);
  // Where the dataset labels 3D (the frame has a camera) a new person needs the run's 3D.
  const unmatched = frame.predictions.filter(
    (p) =>
      p.runId === runId &&
      p.instanceId === null &&
      (frame.intrinsics === null ? p.joints2d : p.joints3d) &&
      !labelledAlready(frame, p),
  );
  return (
    <div className="edit-row add-person" aria-label="Add people">
      <button
        type="button"
        className={drawing ? 'active' : undefined}
        aria-pressed={drawing}
        disabled={!!why || busy}
        title={why ?? 'Drag a box around the person on the image'}
        onClick={() => useEditStore.getState().setDrawing(!drawing)}
      >
        {drawing ? 'Drawing a box… (click to cancel)' : 'Add person'}
      </button>
      {!why &&
        run &&
        unmatched.map((p, k) => (
          <button
            key={k}
            type="button"
            disabled={busy}
            title={`A ${run.name} detection no label matches: add it as a person`}
            onClick={() =>
              void addPerson(
                frame.imageId,
                fromPrediction(frame, p),
                `Added ${run.name}'s unmatched person as a label`,
              )
            }
          >
            Add {run.name}’s unmatched #{k + 1}
          </button>
        ))}
      {why && <span className="muted">No adding here: {why}.</span>}
    </div>
  );
}
