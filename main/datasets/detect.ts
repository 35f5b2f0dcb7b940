import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cocoAdapter, findCocoFiles } from './adapters/coco';
import { KNOWN_LAYOUTS } from './adapters/cocoLayout';
import { h36mAdapter } from './adapters/h36m';
import { imagesAdapter } from './adapters/images';
import { MPI3DHP_FILE, findMpi3dhpSequences, mpi3dhpAdapter } from './adapters/mpi3dhp';
import { MPII_GT_FILE, findMpiiFiles, mpiiAdapter } from './adapters/mpii';
import { MUPOTS_FILE, mupotsAdapter } from './adapters/mupots';
import { PANOPTIC_POSES, isPanopticFolder, panopticAdapter } from './adapters/panoptic';
import { THREEDPW_SEQUENCES, isThreeDpwFolder, threeDpwAdapter } from './adapters/threedpw';
import type { DatasetAdapter, DatasetFormat } from './records';

export const ADAPTERS: Readonly<Record<DatasetFormat, DatasetAdapter>> = {
  h36m: h36mAdapter,
  mupots: mupotsAdapter,
  mpi3dhp: mpi3dhpAdapter,
  panoptic: panopticAdapter,
  '3dpw': threeDpwAdapter,
  coco: cocoAdapter,
  mpii: mpiiAdapter,
  images: imagesAdapter,
};

/** Which layout a folder holds, checked from the most to the least specific. */
export function detectFormat(root: string): DatasetFormat {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new Error(`${root} is not a folder`);
  }
  const annotations = join(root, 'annotations');
  if (
    existsSync(annotations) &&
    readdirSync(annotations).some((n) => /^Human36M_subject\d+_data\.json$/.test(n))
  ) {
    return 'h36m';
  }
  if (existsSync(join(root, MUPOTS_FILE))) return 'mupots';
  if (findMpi3dhpSequences(root).length > 0) return 'mpi3dhp';
  if (isPanopticFolder(root)) return 'panoptic';
  if (isThreeDpwFolder(root)) return '3dpw';
  if (findMpiiFiles(root).length > 0) return 'mpii';
  if (findCocoFiles(root).length > 0) return 'coco';
  const known =
    `expected annotations/Human36M_subject*_data.json (Human3.6M), ` +
    `${MUPOTS_FILE} (MuPoTS-3D), TS*/${MPI3DHP_FILE} (MPI-INF-3DHP test set), ` +
    `calibration_*.json with ${PANOPTIC_POSES}/ (CMU Panoptic), ` +
    `${THREEDPW_SEQUENCES}/{train,validation,test}/*.pkl (3DPW), a COCO person_keypoints_*.json, ` +
    `an MPII JSON list (mpii_val.json: [{image, joints, joints_vis, center, scale}]; ${MPII_GT_FILE} beside it for PCKh), or image files`;
  const seen = annotationLikeFiles(root);
  if (seen.length > 0) {
    const shown = seen.slice(0, SHOWN);
    throw new Error(
      `no reader for the annotation files in ${root}: saw ${shown.join(', ')}` +
        `${seen.length > shown.length ? ` and more` : ''}; ${known} (a COCO-style JSON in one of ` +
        `these layouts: ${KNOWN_LAYOUTS}). To index only its images, open it as an image folder ` +
        `(posescope index --format images)`,
    );
  }
  if (imagesAdapter.listUnits(root).length > 0) return 'images';
  throw new Error(`no dataset recognised in ${root}: ${known}`);
}

/** Extensions of the files datasets keep annotations in. */
export const ANNOTATION_EXTENSIONS = ['.json', '.mat', '.npz', '.pkl', '.h5'] as const;
/** Annotation-like files named in a refusal. */
const SHOWN = 5;

/**
 * Annotation-like files (by extension) in a folder and its subfolders, up to three levels down
 * and hidden folders skipped, relative paths sorted within each folder; stops after a few more
 * than a message shows.
 */
export function annotationLikeFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number) => {
    if (out.length > SHOWN) return;
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (out.length > SHOWN) return;
      const name = rel ? join(rel, e.name) : e.name;
      if (e.isFile() && ANNOTATION_EXTENSIONS.some((x) => e.name.toLowerCase().endsWith(x)))
        out.push(name);
    }
    for (const e of entries)
      if (e.isDirectory() && !e.name.startsWith('.') && depth < 3)
        walk(rel ? join(rel, e.name) : e.name, depth + 1);
  };
  walk('', 0);
  return out;
}
