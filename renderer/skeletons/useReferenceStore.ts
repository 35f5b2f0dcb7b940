import { create } from 'zustand';
import type { AnySkeletonId } from '../../core';

interface ReferenceState {
  /** Skeleton shown in the viewer and the joint table. */
  skeletonId: AnySkeletonId;
  /** Skeleton whose joints the table maps onto the shown one (direct / derived / missing). */
  mapFrom: AnySkeletonId;
  /** Joint under the pointer in the viewer or the table, shared so both highlight it. */
  hoveredJoint: number | null;
  selectSkeleton: (id: AnySkeletonId) => void;
  setMapFrom: (id: AnySkeletonId) => void;
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
