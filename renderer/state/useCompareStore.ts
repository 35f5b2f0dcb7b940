import type { SetStateAction } from 'react';
import { create } from 'zustand';
import type { View2d } from '../hooks/usePanZoom';

interface CompareState {
  /** Each pane's source: a run id, or null for ground truth alone. */
  readonly panes: readonly (number | null)[];
  /** The one 2D view every pane shows, so panning or zooming one moves them all. */
  readonly view: View2d;
  setPanes(panes: readonly (number | null)[]): void;
  setView(v: SetStateAction<View2d>): void;
}

export const useCompareStore = create<CompareState>((set) => ({
  panes: [],
  view: { scale: 1, x: 0, y: 0 },
  setPanes: (panes) => set({ panes: panes.slice(0, 4) }),
  setView: (v) => set((s) => ({ view: typeof v === 'function' ? v(s.view) : v })),
}));
