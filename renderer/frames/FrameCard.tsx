import { memo, useMemo } from 'react';
import type { FrameRow, FrameSortKey } from '../../contract';
import { poseKey } from './poseKey';

const UNITS: Partial<Record<FrameSortKey, string>> = {
  mpjpe: 'mm',
  pa_mpjpe: 'mm',
  mrpe: 'mm',
  pck_rel: '%',
};

/** One frame in the grid: its thumbnail, the sort metric as a badge, people and flags. */
export const FrameCard = memo(function FrameCard({
  row,
  datasetId,
  width,
  sort,
  selected,
  position,
  onOpen,
}: {
  row: FrameRow;
  datasetId: number;
  width: number;
  sort: FrameSortKey;
  selected: boolean;
  /** The card's place in the order, handed back to `onOpen`. */
  position: number;
  /** One function for every card (the store's), so scrolling never re-renders a card. */
  onOpen: (position: number) => void;
}) {
  const unit = UNITS[sort];
  // The labelled skeletons come drawn into the thumbnail (one image to composite per card).
  const pose = useMemo(() => poseKey(row.skeletons), [row.skeletons]);
  return (
    <button
      type="button"
      className={`frame-card${selected ? ' selected' : ''}`}
      style={{ width }}
      onClick={() => onOpen(position)}
      title={row.file}
      data-image-id={row.imageId}
    >
      {row.missing ? (
        <div className="thumb missing">image file missing</div>
      ) : (
        <img
          className="thumb"
          src={`media/${datasetId}/thumb/${row.imageId}?w=320${pose ? `&pose=${pose}` : ''}`}
          alt={row.file}
          loading="lazy"
          decoding="async"
        />
      )}
      {unit && row.value !== null && (
        <span className="error-badge">
          {row.value.toFixed(sort === 'pck_rel' ? 0 : 0)} {unit}
        </span>
      )}
      <span className="caption">
        <span className="file">{row.file.split('/').slice(-2).join('/')}</span>
        <span className="muted">
          {row.people} {row.people === 1 ? 'person' : 'people'}
          {row.flagged > 0 && <span className="flag"> · {row.flagged} flagged</span>}
          {row.edited > 0 && <span className="edited"> · {row.edited} corrected</span>}
          {row.review !== 'unreviewed' && (
            <span className={`review review-${row.review}`}> · {row.review.replace('-', ' ')}</span>
          )}
        </span>
      </span>
    </button>
  );
});
