import { getSkeleton, kinematicParents, medianBoneLengths } from '../../core';
import { toPose3 } from '../store/labels/groundTruth';
import { blobF64 } from '../store/db/blobs';
import type { IndexDb } from '../store/db/openIndex';
import { personFrameCount, personIdentity, personJointSamples } from '../store/labels/boneSamples';

/** Enough frames for a stable median; more only costs time. */
const SAMPLE = 400;

/**
 * The median length of each bone of one person over the frames that show them: a Human3.6M
 * subject across all their sequences, a MuPoTS-3D person (same index) across their sequence.
 * Lengths do not depend on the space the labels are stored in, so world and camera labels mix.
 * COCO has no identity across images: the median is then over this person alone. Entries are
 * per joint (the bone from its kinematic parent), null at roots and where no frame has the bone.
 */
export function personBoneMedians(
  db: IndexDb,
  datasetId: number,
  skeletonId: string,
  instanceId: number,
): { medianMm: (number | null)[]; frames: number } {
  const me = personIdentity(db, instanceId);
  if (!me || me.datasetId !== datasetId) throw new Error(`no person ${instanceId} in this dataset`);
  const total = personFrameCount(db, datasetId, me);
  // Every k-th frame, so a long sequence is sampled from end to end, not only its start.
  const step = Math.max(1, Math.floor(total / SAMPLE));
  const blobs = personJointSamples(db, datasetId, me, step);
  const skeleton = getSkeleton(skeletonId);
  const poses = blobs.map((b) => toPose3(blobF64(b)!));
  if (poses.length === 0) return { medianMm: skeleton.joints.map(() => null), frames: 0 };
  const median = medianBoneLengths(poses, kinematicParents(skeleton));
  return { medianMm: median.map((m) => (Number.isFinite(m) ? m : null)), frames: poses.length };
}
