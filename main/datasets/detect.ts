import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cocoAdapter, findCocoFiles } from './adapters/coco';
import { h36mAdapter } from './adapters/h36m';
import { imagesAdapter } from './adapters/images';
import { MUPOTS_FILE, mupotsAdapter } from './adapters/mupots';
import type { DatasetAdapter, DatasetFormat } from './records';

export const ADAPTERS: Readonly<Record<DatasetFormat, DatasetAdapter>> = {
  h36m: h36mAdapter,
  mupots: mupotsAdapter,
  coco: cocoAdapter,
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
  if (findCocoFiles(root).length > 0) return 'coco';
  if (imagesAdapter.listUnits(root).length > 0) return 'images';
  throw new Error(
    `no dataset recognised in ${root}: expected annotations/Human36M_subject*_data.json (Human3.6M), ` +
      `${MUPOTS_FILE} (MuPoTS-3D), a COCO person_keypoints_*.json, or image files`,
  );
}
