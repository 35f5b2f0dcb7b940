import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useDatasetStore } from '../data/useDatasetStore';
import { useFramePages } from '../data/useFramePages';
import { FrameCard } from './FrameCard';
import { FrameFilters } from './FrameFilters';
import { FrameToolbar } from './FrameToolbar';
import { ErrorNote } from '../ui/ErrorNote';

const CARD_W = 244;
const CARD_H = 232;

/** The dataset's frames as a virtualized grid of thumbnails: only visible rows are in the DOM. */
export function FrameGrid({ generation }: { generation: number }) {
  const dataset = useDatasetStore((s) => s.dataset)!;
  const order = useDatasetStore((s) => s.order);
  const position = useDatasetStore((s) => s.position);
  const openAt = useDatasetStore((s) => s.openAt);
  const { pages, ensure, error } = useFramePages(dataset.id, order, generation);
  const scroller = useRef<HTMLDivElement>(null);
  const [layout, setLayout] = useState({ columns: 4, cardWidth: CARD_W - 12 });
  const columns = layout.columns;

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    // As many columns as fit at the nominal width, then the cards stretch to fill the row.
    const fit = () => {
      const inner = el.clientWidth - 16 - 16;
      const n = Math.max(1, Math.floor((inner + 12) / CARD_W));
      setLayout({ columns: n, cardWidth: Math.floor((inner - 12 * (n - 1)) / n) });
    };
    fit();
    const obs = new ResizeObserver(fit);
    obs.observe(el);
    return () => obs.disconnect();
  }, []);

  const total = pages.total ?? 0;
  const rows = Math.ceil(total / columns);
  // PoseScope does not build with the React Compiler, whose memoisation this hook defeats.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => CARD_H,
    overscan: 3,
  });
  const items = virtual.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total === 0) return;
    for (let r = first; r <= last; r++) void ensure(Math.min(total - 1, r * columns));
    void ensure(Math.min(total - 1, (last + 1) * columns - 1));
  }, [first, last, columns, ensure, total]);

  return (
    <section className="grid-view" aria-label="Frames">
      <FrameToolbar total={pages.total} />
      <FrameFilters />
      <ErrorNote error={error} />
      {pages.total === 0 && <p className="empty">No frames match these filters.</p>}
      <div className="grid-scroll" ref={scroller}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {items.map((item) => (
            <div
              key={item.key}
              className="grid-row"
              style={{ transform: `translateY(${item.start}px)`, height: CARD_H }}
            >
              {Array.from({ length: columns }, (_, c) => {
                const pos = item.index * columns + c;
                if (pos >= total) return null;
                const row = pages.row(pos);
                return row ? (
                  <FrameCard
                    key={row.imageId}
                    row={row}
                    datasetId={dataset.id}
                    width={layout.cardWidth}
                    sort={order.sort}
                    selected={pos === position}
                    position={pos}
                    onOpen={openAt}
                  />
                ) : (
                  <div
                    key={`p${pos}`}
                    className="frame-card placeholder"
                    style={{ width: layout.cardWidth }}
                  />
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
