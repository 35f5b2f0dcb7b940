import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { headSizeOfBox } from '../../../core';
import { at, readMat5 } from '../matlab/mat5';

/** The official evaluation's ground truth beside the list (MMPose: `mpii_gt_val.mat`, MATLAB v5). */
export const MPII_GT_FILE = 'mpii_gt_val.mat';

/** Where a list's evaluation file would be, relative to the root: beside it, then annotations/. */
export function mpiiGtFileFor(root: string, list: string): string | undefined {
  const beside = join(dirname(list), MPII_GT_FILE);
  return [beside, join('annotations', MPII_GT_FILE), MPII_GT_FILE].find((f) =>
    existsSync(join(root, f)),
  );
}

/**
 * PCKh's head size of every person of `mpii_gt_val.mat`, in its order (which is the validation
 * list's, as MMPose's MpiiDataset pairs them): `headboxes_src` is 2 corners × (x, y) × people,
 * and each head size is 0.6 × the corners' distance, evalMPII's util_get_head_size (SC_BIAS).
 * Throws naming the file when it is not a MAT-file holding such an array.
 */
export function readMpiiHeadSizes(root: string, relative: string): Float64Array {
  const vars = readMat5(readFileSync(join(root, relative)), relative);
  const boxes = vars.get('headboxes_src');
  if (!boxes || boxes.kind !== 'numeric')
    throw new Error(
      `${relative}: no numeric headboxes_src (it holds ${[...vars.keys()].join(', ') || 'nothing'})`,
    );
  const [corners, coords, people = 1] = boxes.dims;
  if (corners !== 2 || coords !== 2 || boxes.dims.length > 3)
    throw new Error(
      `${relative}: headboxes_src is ${boxes.dims.join('×')}, expected 2 × 2 × people (corners × x, y)`,
    );
  const v = (c: number, k: number, n: number) => boxes.real[at(boxes.dims, c, k, n)]!;
  return Float64Array.from({ length: people }, (_, n) =>
    headSizeOfBox(v(0, 0, n), v(0, 1, n), v(1, 0, n), v(1, 1, n)),
  );
}
