import { memo } from 'react';
import type { FrameRow, FrameSortKey } from '../../contract';

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
  sort,
  selected,
  onOpen,
}: {
  row: FrameRow;
  datasetId: number;
  sort: FrameSortKey;
  selected: boolean;
  onOpen: () => void;
}) {
  const unit = UNITS[sort];
  return (
    <button
      type="button"
      className={`frame-card${selected ? ' selected' : ''}`}
      onClick={onOpen}
      title={row.file}
      data-image-id={row.imageId}
    >
      {row.missing ? (
        <div className="thumb missing">image file missing</div>
      ) : (
        <img
          className="thumb"
          src={`media/${datasetId}/thumb/${row.imageId}?w=320`}
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
        </span>
      </span>
    </button>
  );
});
