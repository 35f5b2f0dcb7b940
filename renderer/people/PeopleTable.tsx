import { useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { datasetKind, rankMetric, worstIsHighest, type PersonRow } from '../../contract';
import { getSkeleton } from '../../core';
import { useDatasetStore } from '../data/useDatasetStore';
import { usePeoplePages } from '../data/usePeoplePages';
import { peopleColumns, peopleFeatures, type PeopleSortKey } from './peopleColumns';
import { ErrorNote } from '../ui/ErrorNote';
import { JointOptions } from '../ui/JointOptions';

const ROW_H = 28;

/**
 * Every person of the dataset with every metric of the primary run, one row each: sorted on the
 * main side by any column (a joint's error too), virtualized so a million rows scroll like ten.
 */
export function PeopleTable() {
  const dataset = useDatasetStore((s) => s.dataset)!;
  const order = useDatasetStore((s) => s.order);
  const openImage = useDatasetStore((s) => s.openImage);
  // Ranked by the dataset kind's headline figure, worst first (OKS lowest first for a 2D set).
  const [sort, setSort] = useState<{ key: PeopleSortKey; descending: boolean }>(() => {
    const key = rankMetric(dataset.format);
    return order.runId === null
      ? { key: 'file', descending: false }
      : { key, descending: worstIsHighest(key) };
  });
  const [joint, setJoint] = useState<number | null>(null);
  const skeleton = getSkeleton(dataset.skeleton);
  const is3d = datasetKind(dataset.format) === '3d';
  const runId = order.runId;
  const query = useMemo(
    () => ({
      datasetId: dataset.id,
      runId,
      sort: runId === null ? 'file' : sort.key,
      descending: runId === null ? false : sort.descending,
      ...(joint === null ? {} : { joint }),
      filter: {
        ...(order.group === null ? {} : { group: order.group }),
        flaggedOnly: order.flaggedOnly,
        ...(order.range ? { range: order.range } : {}),
      },
    }),
    [dataset.id, runId, sort, joint, order.group, order.flaggedOnly, order.range],
  );
  const { pages, ensure, error } = usePeoplePages(query);
  const scroller = useRef<HTMLDivElement>(null);
  const total = pages.total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; see FrameGrid
  const virtual = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_H,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total === 0) return;
    void ensure(first);
    void ensure(last);
  }, [first, last, ensure, total]);

  const { specs, columns } = useMemo(
    () => peopleColumns(is3d, joint === null ? null : skeleton.joints[joint]!.name),
    [is3d, joint, skeleton],
  );
  // Only the rows on screen go through the table model: a few dozen, rebuilt as pages land.
  const data = items.map((i) => pages.row(i.index)).filter((r): r is PersonRow => r !== undefined);
  const table = useTable({
    features: peopleFeatures,
    columns,
    data,
    getRowId: (r) => String(r.instanceId),
  });
  const rowsById = new Map(table.getRowModel().rows.map((r) => [r.original.instanceId, r]));
  const width = specs.reduce((w, s) => w + s.width, 0);

  const clickHeader = (id: string) => {
    if (id === 'group' || id === 'person' || runId === null) return;
    const key = id as PeopleSortKey;
    setSort((s) =>
      s.key === key ? { key, descending: !s.descending } : { key, descending: worstIsHighest(key) },
    );
  };

  return (
    <section className="people-view" aria-label="People">
      <div className="toolbar">
        <label>
          Joint column
          <select
            aria-label="Joint column"
            value={joint ?? ''}
            onChange={(e) => setJoint(e.target.value === '' ? null : Number(e.target.value))}
            disabled={!is3d || runId === null}
          >
            <option value="">none</option>
            <JointOptions skeleton={skeleton} />
          </select>
        </label>
        <span className="muted">
          {runId === null
            ? 'ground truth only: choose a primary run in Frames to see metrics'
            : `people the primary run matched, sorted by ${sort.key} ${sort.descending ? '↓' : '↑'} · click a header to sort, a row to inspect`}
        </span>
        <span className="muted count">
          {pages.total === null ? '…' : `${total.toLocaleString()} people`}
        </span>
      </div>
      <ErrorNote error={error} />
      <div className="people-scroll" ref={scroller}>
        <div className="people-grid" style={{ width }}>
          <div className="people-head" role="row">
            {table.getHeaderGroups()[0]!.headers.map((h) => (
              <button
                key={h.id}
                type="button"
                role="columnheader"
                style={{ width: h.getSize() }}
                className={sort.key === h.id ? 'sorted' : undefined}
                onClick={() => clickHeader(h.id)}
              >
                <table.FlexRender header={h} />
                {sort.key === h.id && runId !== null ? (sort.descending ? ' ↓' : ' ↑') : ''}
              </button>
            ))}
          </div>
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const r = pages.row(item.index);
              const row = r ? rowsById.get(r.instanceId) : undefined;
              return (
                <div
                  key={item.key}
                  role="row"
                  className={`people-row${r && r.flags ? ' flagged' : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_H }}
                  onClick={() => r && openImage(r.imageId, r.instanceId)}
                >
                  {row ? (
                    row.getAllCells().map((c) => (
                      <span key={c.id} role="cell" style={{ width: c.column.getSize() }}>
                        <table.FlexRender cell={c} />
                      </span>
                    ))
                  ) : (
                    <span className="muted">…</span>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
