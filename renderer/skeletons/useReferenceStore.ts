import { create } from 'zustand';
import type { SkeletonId } from '../../core';

interface ReferenceState {
  /** Skeleton shown in the viewer and the joint table. */
  skeletonId: SkeletonId;
  /** Skeleton whose joints the table maps onto the shown one (direct / derived / missing). */
  mapFrom: SkeletonId;
  /** Joint under the pointer in the viewer or the table, shared so both highlight it. */
  hoveredJoint: number | null;
  selectSkeleton: (id: SkeletonId) => void;
  setMapFrom: (id: SkeletonId) => void;
  hoverJoint: (index: number | null) => void;
}

export const useReferenceStore = create<ReferenceState>()((set) => ({
  skeletonId: 'h36m17',
  mapFrom: 'coco17',
  hoveredJoint: null,
  selectSkeleton: (skeletonId) => set({ skeletonId, hoveredJoint: null }),
  setMapFrom: (mapFrom) => set({ mapFrom }),
  hoverJoint: (hoveredJoint) => set({ hoveredJoint }),
}));
