import { MUPOTS_17 } from '../../core';

/** Known-data poses for the panel tests (MuPoTS-17 order). */
const J = MUPOTS_17.joints.length;
export const A = 4; // R_Wrist
export const B = 7; // L_Wrist

type P3 = [number, number, number];

/**
 * Every joint 150 mm from its neighbours and far behind A and B, which sit 300 mm apart: swapping
 * the two depths then changes the order of that one pair and of no other.
 */
export function swapPoses(): { gt: P3[]; pred: P3[] } {
  const gt = Array.from({ length: J }, (_, k) => [10 * k, -5 * k, 7000 + 150 * k] as P3);
  gt[A] = [-300, 0, 5000];
  gt[B] = [300, 0, 5300];
  const pred = gt.map((p) => [...p] as P3);
  pred[A] = [-300, 0, 5300];
  pred[B] = [300, 0, 5000];
  return { gt, pred };
}

/** A smooth bin distribution peaked at continuous index `at`, like a trained HDNet head's. */
export function peakedProbs(at: number, spread: number, bins = 71): number[] {
  const w = Array.from({ length: bins }, (_, k) => Math.exp(-((k - at) ** 2) / (2 * spread ** 2)));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / sum);
}
