import { datasetKind, jointToWire2, type WireJoint2 } from '../../../contract';
import type { DatasetFormat } from '../../datasets/records';
import type { GtPerson } from '../labels/groundTruth';

/**
 * A person's 2D labels as the UI draws them. In a 2D set (COCO, MPII) visibility 0 means "not
 * labelled" and the file's coordinates are a placeholder (COCO writes 0, 0, 0): such a joint is
 * absent, never a point at the image's corner. In a 3D set the 2D joints are projections of
 * labelled 3D joints and visibility only says whether the joint is occluded, so all are shown.
 */
export function labelledJoints2d(p: GtPerson, format: DatasetFormat): WireJoint2[] | null {
  if (!p.img) return null;
  const mask = datasetKind(format) === '2d' ? p.vis : undefined;
  return p.img.map((q, j) => (mask && mask[j] === 0 ? null : jointToWire2(q)));
}
