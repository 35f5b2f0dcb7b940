import { useEffect, useState } from 'react';
import type { FrameFacets, GroupInfo, ReviewStatus } from '../../contract';
import { ReviewOptions } from '../edit/ReviewSelect';
import { useApi } from '../data/ClientContext';
import { useDatasetStore } from '../data/useDatasetStore';

const fmt = (v: number | undefined) => (v === undefined ? '' : v.toFixed(0));

/**
 * The frame list's filters beyond the sort: group (action or sequence), subject, camera, people
 * per frame, flagged labels, people the primary run missed, and whatever a chart click set (a metric range), each shown as a chip that clears it.
 */
export function FrameFilters() {
  const api = useApi();
  const dataset = useDatasetStore((s) => s.dataset);
  const order = useDatasetStore((s) => s.order);
  const setOrder = useDatasetStore((s) => s.setOrder);
  const [groups, setGroups] = useState<GroupInfo[]>([]);
  const [facets, setFacets] = useState<FrameFacets | null>(null);
  useEffect(() => {
    if (!dataset) return;
    void api.listGroups({ datasetId: dataset.id }).then(setGroups);
    void api.listFacets({ datasetId: dataset.id }).then(setFacets);
  }, [api, dataset]);
  if (!dataset) return null;
  const range = order.range;
  const filtered =
    order.group !== null ||
    order.subject !== null ||
    order.camera !== null ||
    order.people !== null ||
    range ||
    order.flaggedOnly ||
    order.missedOnly ||
    order.editedOnly ||
    order.review !== null ||
    order.search !== null;
  return (
    <div className="toolbar filters" role="toolbar" aria-label="Frame filters">
      <SearchBox />
      {groups.length > 1 && (
        <label>
          Group
          <select
            aria-label="Group filter"
            value={order.group ?? ''}
            onChange={(e) => setOrder({ group: e.target.value === '' ? null : e.target.value })}
          >
            <option value="">
              all ({groups.reduce((n, g) => n + g.frames, 0).toLocaleString()})
            </option>
            {groups.map((g) => (
              <option key={g.group} value={g.group}>
                {g.group} ({g.frames.toLocaleString()})
              </option>
            ))}
          </select>
        </label>
      )}
      {facets && facets.subject.length > 1 && (
        <FacetSelect
          label="Subject"
          values={facets.subject}
          value={order.subject}
          onChange={(subject) => setOrder({ subject })}
        />
      )}
      {facets && facets.camera.length > 1 && (
        <FacetSelect
          label="Camera"
          values={facets.camera}
          value={order.camera}
          onChange={(camera) => setOrder({ camera })}
        />
      )}
      {facets && facets.people.length > 1 && (
        <FacetSelect
          label="People"
          values={facets.people}
          value={order.people === null ? null : String(order.people)}
          onChange={(v) => setOrder({ people: v === null ? null : Number(v) })}
        />
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={order.flaggedOnly}
          onChange={(e) => setOrder({ flaggedOnly: e.target.checked })}
        />
        flagged labels
      </label>
      <label
        className="check"
        title={order.runId === null ? 'choose a primary run first' : undefined}
      >
        <input
          type="checkbox"
          checked={order.missedOnly}
          disabled={order.runId === null}
          onChange={(e) => setOrder({ missedOnly: e.target.checked })}
        />
        someone missed by the run
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={order.editedOnly}
          onChange={(e) => setOrder({ editedOnly: e.target.checked })}
        />
        corrected
      </label>
      <label>
        Review
        <select
          aria-label="Review filter"
          value={order.review ?? ''}
          onChange={(e) =>
            setOrder({ review: e.target.value === '' ? null : (e.target.value as ReviewStatus) })
          }
        >
          <option value="">any</option>
          <ReviewOptions />
        </select>
      </label>
      {range && (
        <button
          type="button"
          className="chip"
          onClick={() => setOrder({ range: null })}
          aria-label="Clear the metric range"
        >
          {range.metric} {fmt(range.min)}–{fmt(range.max)} ✕
        </button>
      )}
      {filtered && (
        <button
          type="button"
          className="chip clear"
          onClick={() =>
            setOrder({
              group: null,
              subject: null,
              camera: null,
              people: null,
              range: null,
              flaggedOnly: false,
              missedOnly: false,
              editedOnly: false,
              review: null,
              search: null,
            })
          }
        >
          Clear filters
        </button>
      )}
    </div>
  );
}

/** A filter on one frame attribute: every value with its frame count, or all. */
function FacetSelect({
  label,
  values,
  value,
  onChange,
}: {
  label: string;
  values: FrameFacets['subject'];
  value: string | null;
  onChange(value: string | null): void;
}) {
  return (
    <label>
      {label}
      <select
        aria-label={`${label} filter`}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
      >
        <option value="">all</option>
        {values.map((v) => (
          <option key={v.value} value={v.value}>
            {v.value} ({v.frames.toLocaleString()})
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Find frames by a part of their file name or the dataset's own image id (COCO's 785, a
 * Human3.6M file stem): typed text filters the list a moment after the last key.
 */
function SearchBox() {
  const search = useDatasetStore((s) => s.order.search);
  const setOrder = useDatasetStore((s) => s.setOrder);
  const [text, setText] = useState(search ?? '');
  // Cleared elsewhere (Clear filters, another dataset): the box follows, during render.
  const [seen, setSeen] = useState(search);
  if (seen !== search) {
    setSeen(search);
    setText(search ?? '');
  }
  useEffect(() => {
    const wanted = text.trim() === '' ? null : text.trim();
    if (wanted === search) return;
    const t = setTimeout(() => setOrder({ search: wanted }), 250);
    return () => clearTimeout(t);
  }, [text, search, setOrder]);
  return (
    <label>
      Find
      <input
        type="search"
        aria-label="Find image"
        placeholder="file name or image id"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') setOrder({ search: text.trim() === '' ? null : text.trim() });
          // The grid's keys (arrows, Enter) stay with the box while typing.
          e.stopPropagation();
        }}
        spellCheck={false}
      />
    </label>
  );
}
