import { posix } from 'node:path';
import type { PredictionRecord } from '../datasets/predictionFile';
import type { IssueLog } from '../datasets/records';
import type { ImageKey } from '../store/datasets/imageKeys';

/** Predictions naming no image of the dataset: how many, and the first few ids or names. */
export interface UnknownImages {
  readonly count: number;
  readonly first: readonly string[];
}

const SHOWN = 5;

const withoutExt = (file: string) => {
  const f = file.replace(/\\/g, '/');
  return f.slice(0, f.length - posix.extname(f).length);
};

/**
 * Gives each prediction the id of the dataset's image it names. An id the dataset has is kept;
 * a name (MMPose's per-image file, an `imgname` entry — or an id the dataset does not have) is
 * matched to the image files: the one whose file name without extension is the name's last
 * part, or, when several share it (MuPoTS-3D's `TS1/img_000000.jpg` and `TS2/img_000000.jpg`),
 * the one whose path ends with the whole name. A name several images still fit is reported and
 * the prediction left out; one no image fits stays unknown (scoring reports it).
 */
export function matchImages(
  keys: readonly ImageKey[],
  records: readonly PredictionRecord[],
  issues: IssueLog,
  where: string,
): { records: PredictionRecord[]; unknown: UnknownImages } {
  const known = new Set(keys.map((k) => k.sourceId));
  let byStem: Map<string, ImageKey[]> | undefined;
  const stemIndex = () => {
    if (byStem) return byStem;
    byStem = new Map();
    for (const k of keys) {
      const stem = posix.basename(withoutExt(k.file));
      const list = byStem.get(stem);
      if (list) list.push(k);
      else byStem.set(stem, [k]);
    }
    return byStem;
  };
  const out: PredictionRecord[] = [];
  let unknownCount = 0;
  const unknownFirst = new Set<string>();
  for (const r of records) {
    if (r.imageName === undefined && known.has(r.imageSourceId)) {
      out.push(r);
      continue;
    }
    const name = withoutExt(r.imageName ?? r.imageSourceId).replace(/^\.\//, '');
    let fits = stemIndex().get(posix.basename(name)) ?? [];
    if (fits.length > 1)
      fits = fits.filter((k) => {
        const f = withoutExt(k.file);
        return f === name || f.endsWith(`/${name}`);
      });
    if (fits.length === 0 && known.has(name)) fits = [{ sourceId: name, file: name }];
    if (fits.length === 1) {
      out.push({ ...r, imageSourceId: fits[0]!.sourceId });
      continue;
    }
    if (fits.length > 1) {
      issues.report(
        'ambiguous image name',
        `${where} [${r.index}]: ${name} fits ${fits.length} images (${fits
          .map((k) => k.file)
          .sort()
          .slice(0, 3)
          .join(', ')}${fits.length > 3 ? ', …' : ''}); name it by its folder too`,
      );
      continue;
    }
    unknownCount++;
    if (unknownFirst.size < SHOWN) unknownFirst.add(r.imageSourceId);
    out.push(r);
  }
  return { records: out, unknown: { count: unknownCount, first: [...unknownFirst] } };
}
