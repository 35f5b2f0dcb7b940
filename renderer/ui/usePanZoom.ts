import {
  useCallback,
  useRef,
  useState,
  type Dispatch,
  type PointerEvent,
  type SetStateAction,
  type WheelEvent,
} from 'react';

export interface View2d {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

/** A view several panes share (side-by-side compare): they all pan and zoom together. */
export interface SharedView {
  readonly view: View2d;
  readonly setView: Dispatch<SetStateAction<View2d>>;
}

/**
 * Pan (drag) and zoom (wheel, about the cursor) of an image inside a viewport. `fit` frames the
 * whole image; the view is state because it changes on user input, not per animation frame.
 */
export function usePanZoom(shared?: SharedView) {
  const [local, setLocal] = useState<View2d>({ scale: 1, x: 0, y: 0 });
  const view = shared?.view ?? local;
  const setView = shared?.setView ?? setLocal;
  const drag = useRef<{ x: number; y: number } | null>(null);

  const fit = useCallback(
    (vw: number, vh: number, iw: number, ih: number) => {
      const scale = Math.min(vw / iw, vh / ih) * 0.98;
      setView({ scale, x: (vw - iw * scale) / 2, y: (vh - ih * scale) / 2 });
    },
    [setView],
  );

  /** Frames a region of the image (a person's box) with a margin of a fifth of it all round. */
  const fitRegion = useCallback(
    (
      vw: number,
      vh: number,
      box: readonly [number, number, number, number],
      /** The whole image's fit: a person too big to frame is centred at it, never shrunk below. */
      minScale = 0,
    ) => {
      const [bx, by, bw, bh] = box;
      const mx = Math.max(bw, 1) * 0.2;
      const my = Math.max(bh, 1) * 0.2;
      const scale = Math.max(
        minScale,
        Math.min(40, Math.min(vw / (bw + 2 * mx), vh / (bh + 2 * my))),
      );
      setView({
        scale,
        x: vw / 2 - (bx + bw / 2) * scale,
        y: vh / 2 - (by + bh / 2) * scale,
      });
    },
    [setView],
  );

  const onWheel = useCallback(
    (e: WheelEvent<HTMLElement>) => {
      const rect = e.currentTarget.getBoundingClientRect();
      const px = e.clientX - rect.left;
      const py = e.clientY - rect.top;
      const k = Math.exp(-e.deltaY * 0.0015);
      setView((v) => {
        const scale = Math.min(40, Math.max(0.05, v.scale * k));
        const f = scale / v.scale;
        return { scale, x: px - (px - v.x) * f, y: py - (py - v.y) * f };
      });
    },
    [setView],
  );

  const onPointerDown = useCallback((e: PointerEvent<HTMLElement>) => {
    drag.current = { x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture(e.pointerId);
  }, []);
  const onPointerMove = useCallback(
    (e: PointerEvent<HTMLElement>) => {
      const d = drag.current;
      if (!d) return;
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      drag.current = { x: e.clientX, y: e.clientY };
      setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
    },
    [setView],
  );
  const onPointerUp = useCallback(() => {
    drag.current = null;
  }, []);

  return {
    view,
    fit,
    fitRegion,
    handlers: { onWheel, onPointerDown, onPointerMove, onPointerUp },
  };
}
