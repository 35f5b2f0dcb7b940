import {
  COCO_17,
  applyJointMapping,
  buildJointMapping,
  getSkeleton,
  type Skeleton,
} from '../../core';
import type { DatasetFormat } from '../datasets/records';
import { groundTruthImages } from '../store/labels/groundTruth';
import { editedImageIds } from '../store/labels/exportRows';
import type { IndexDb } from '../store/db/openIndex';
import { writeAtomically } from '../platform/atomicFile';

interface Dataset {
  readonly id: number;
  readonly root: string;
  readonly format: DatasetFormat;
  readonly skeleton: string;
}

/** What the COCO-keypoints file holds. */
export interface CocoKeypointsSummary {
  readonly file: string;
  readonly bytes: number;
  readonly images: number;
  readonly people: number;
}

export const COCO_KEYPOINTS_FILE = 'person_keypoints_export.json';

/** COCO's person category: its keypoint names and 1-based skeleton, as cocoapi expects them. */
const category = {
  id: 1,
  name: 'person',
  supercategory: 'person',
  keypoints: COCO_17.joints.map((j) => j.key),
  skeleton: COCO_17.bones.map(([a, b]) => [a + 1, b + 1]),
};

/**
 * A joint's COCO visibility from the source's (0 absent, 1 occluded, 2 visible): a direct joint
 * keeps its own, a derived one (e.g. none in COCO-17, but kept general) the least visible part's.
 */
function cocoVisibility(
  mapping: ReturnType<typeof buildJointMapping>,
  vis: Uint8Array | undefined,
  k: number,
): number {
  const e = mapping.entries[k]!;
  if (e.kind === 'missing') return 0;
  const sources = e.kind === 'direct' ? [e.source] : e.weights.map(([i]) => i);
  return vis ? Math.min(...sources.map((i) => vis[i] ?? 2)) : 2;
}

/**
 * Writes any dataset's labels as one COCO person-keypoints file (`person_keypoints_export.json`, found by COCO's own naming):
 * images with their paths relative to the dataset folder, and each person's 2D joints — labelled,
 * or projected from 3D where only 3D is stored — mapped onto COCO-17 by `core/skeletons`
 * (joints the source skeleton lacks, such as Human3.6M's eyes and ears, are unlabelled
 * `0, 0, 0`), with visibility, box, area and `num_keypoints`. Corrections are in, as everywhere.
 */
export function exportCocoKeypoints(
  db: IndexDb,
  ds: Dataset,
  outDir: string,
  o: { onlyEdited?: boolean } = {},
): CocoKeypointsSummary {
  const from: Skeleton = getSkeleton(ds.skeleton);
  const mapping = buildJointMapping(from, COCO_17);
  const edited = o.onlyEdited ? new Set(editedImageIds(db, ds.id)) : null;
  let images = 0;
  let people = 0;
  const file = `${outDir}/${COCO_KEYPOINTS_FILE}`;
  const bytes = writeAtomically(file, (out) => {
    const annotations: string[] = [];
    out.write('{"images": [');
    for (const im of groundTruthImages(db, ds.id, ds.format)) {
      if (edited && !edited.has(im.imageId)) continue;
      const image = { id: im.imageId, file_name: im.file, width: im.width, height: im.height };
      out.write(`${images++ ? ', ' : ''}${JSON.stringify(image)}`);
      for (const p of im.people) {
        if (!p.img) continue;
        const joints = applyJointMapping(p.img, mapping);
        const keypoints: number[] = [];
        let labelled = 0;
        joints.forEach((uv, k) => {
          const v = cocoVisibility(mapping, p.vis, k);
          const ok = v > 0 && uv.every(Number.isFinite);
          if (ok) labelled++;
          keypoints.push(...(ok ? [uv[0]!, uv[1]!, v] : [0, 0, 0]));
        });
        const bbox = p.bbox ? [...p.bbox] : null;
        annotations.push(
          JSON.stringify({
            id: p.instanceId,
            image_id: im.imageId,
            category_id: 1,
            iscrowd: p.iscrowd ? 1 : 0,
            keypoints,
            num_keypoints: labelled,
            ...(bbox ? { bbox, area: p.area || bbox[2]! * bbox[3]! } : {}),
          }),
        );
        people++;
      }
    }
    out.write(`], "annotations": [${annotations.join(', ')}], "categories": [`);
    out.write(`${JSON.stringify(category)}]}`);
  });
  return { file, bytes, images, people };
}
