import type { SetStateAction } from 'react';
import { create } from 'zustand';
import type { View2d } from '../ui/usePanZoom';

export interface ComparePane {
  /** A run id, or null for ground truth alone. */
  readonly source: number | null;
  /** A frame held in this pane while the others step (two-frame compare); null follows along. */
  readonly pinned: { readonly imageId: number; readonly file: string } | null;
}

/** What each pane draws: the image with overlays, the 3D view, or both stacked. */
export type CompareShow = 'image' | '3d' | 'both';

interface CompareState {
  readonly panes: readonly ComparePane[];
  readonly show: CompareShow;
  /** The one 2D view every pane shows, so panning or zooming one moves them all. */
  readonly view: View2d;
  setPanes(panes: readonly ComparePane[]): void;
  setShow(show: CompareShow): void;
  setView(v: SetStateAction<View2d>): void;
}

export const useCompareStore = create<CompareState>((set) => ({
  panes: [],
  show: 'image',
  view: { scale: 1, x: 0, y: 0 },
  setPanes: (panes) => set({ panes: panes.slice(0, 4) }),
  setShow: (show) => set({ show }),
  setView: (v) => set((s) => ({ view: typeof v === 'function' ? v(s.view) : v })),
}));
