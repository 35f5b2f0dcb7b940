import { useEffect, useState } from 'react';
import type { GroupInfo } from '../../contract';
import { useApi } from '../api/ClientContext';
import { useDatasetStore } from '../state/useDatasetStore';

const fmt = (v: number | undefined) => (v === undefined ? '' : v.toFixed(0));

/**
 * The frame list's filters beyond the sort: group (action or sequence), people the primary run
 * missed, and whatever a chart click set (a metric range), each shown as a chip that clears it.
 */
export function FrameFilters() {
  const api = useApi();
  const dataset = useDatasetStore((s) => s.dataset);
  const order = useDatasetStore((s) => s.order);
  const setOrder = useDatasetStore((s) => s.setOrder);
  const [groups, setGroups] = useState<GroupInfo[]>([]);
  useEffect(() => {
    if (dataset) void api.listGroups({ datasetId: dataset.id }).then(setGroups);
  }, [api, dataset]);
  if (!dataset) return null;
  const range = order.range;
  return (
    <div className="toolbar filters" role="toolbar" aria-label="Frame filters">
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
      {(order.group !== null || range || order.flaggedOnly || order.missedOnly) && (
        <button
          type="button"
          className="chip clear"
          onClick={() =>
            setOrder({ group: null, range: null, flaggedOnly: false, missedOnly: false })
          }
        >
          Clear filters
        </button>
      )}
    </div>
  );
}
