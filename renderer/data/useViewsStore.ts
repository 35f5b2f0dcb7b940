import { create } from 'zustand';

/** Which joint of whom, in which moment, the placements are for. */
export const placementKey = (imageId: number, person: number, joint: number) =>
  `${imageId}:${person}:${joint}`;

interface ViewsState {
  /** The views grid shows the frame's moment from every calibrated camera (V). */
  readonly open: boolean;
  /** Each view shows the focus person's part of its image (F), or the whole image (0). */
  readonly follow: boolean;
  /** The placements' key: placing another joint, person or moment starts afresh. */
  readonly key: string | null;
  /** Where the user dragged the joint, per view image (pixels). */
  readonly placed: ReadonlyMap<number, readonly [number, number]>;
  /** Views left out of the triangulation. */
  readonly excluded: ReadonlySet<number>;
  toggle(open?: boolean): void;
  setFollow(follow: boolean): void;
  place(key: string, imageId: number, pixel: readonly [number, number]): void;
  exclude(key: string, imageId: number, out: boolean): void;
  /** Forgets the placements (after a write, or on another joint). */
  reset(key: string | null): void;
}

const fresh = (key: string | null) => ({ key, placed: new Map(), excluded: new Set<number>() });

export const useViewsStore = create<ViewsState>((set) => ({
  open: false,
  follow: true,
  setFollow: (follow) => set({ follow }),
  ...fresh(null),
  toggle: (open) => set((s) => ({ open: open ?? !s.open })),
  place: (key, imageId, pixel) =>
    set((s) => {
      const base = s.key === key ? s : fresh(key);
      return { ...base, placed: new Map(base.placed).set(imageId, pixel) };
    }),
  exclude: (key, imageId, out) =>
    set((s) => {
      const base = s.key === key ? s : fresh(key);
      const excluded = new Set(base.excluded);
      if (out) excluded.add(imageId);
      else excluded.delete(imageId);
      return { ...base, excluded };
    }),
  reset: (key) => set(fresh(key)),
}));
