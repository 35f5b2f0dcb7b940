import { errorMessage, type Frame, type ReviewStatus } from '../../contract';
import { useApi } from '../data/ClientContext';
import { useDatasetStore } from '../data/useDatasetStore';
import { useEditStore } from '../data/useEditStore';

export const REVIEW_LABELS: Record<ReviewStatus, string> = {
  unreviewed: 'unreviewed',
  'needs-fix': 'needs fix',
  fixed: 'fixed',
  verified: 'verified',
};

/** The frame's review status, set by whoever is annotating. */
export function ReviewSelect({ frame }: { frame: Frame }) {
  const api = useApi();
  return (
    <label>
      Review
      <select
        aria-label="Review status"
        value={frame.review}
        onChange={(e) => {
          const status = e.target.value as ReviewStatus;
          api.setReview({ datasetId: frame.datasetId, imageId: frame.imageId, status }).then(
            () => useDatasetStore.getState().bumpGeneration(),
            (err: unknown) => useEditStore.getState().say(errorMessage(err), true),
          );
        }}
      >
        <ReviewOptions />
      </select>
    </label>
  );
}

/** The review statuses as `<option>`s. */
export function ReviewOptions() {
  return (
    <>
      {(Object.keys(REVIEW_LABELS) as ReviewStatus[]).map((s) => (
        <option key={s} value={s}>
          {REVIEW_LABELS[s]}
        </option>
      ))}
    </>
  );
}
