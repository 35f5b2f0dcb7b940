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

/** A prediction with its image's own id and row id (undefined: it names no image of the dataset). */
export interface MatchedPrediction {
  readonly record: PredictionRecord;
  readonly imageId: number | undefined;
}

/**
 * Gives each prediction the id of the dataset's image it names, record by record as the file
 * streams. An id the dataset has is kept; a name (MMPose's per-image file, an `imgname` entry —
 * or an id the dataset does not have) is matched to the image files: the one whose file name
 * without extension is the name's last part, or, when several share it (MuPoTS-3D's
 * `TS1/img_000000.jpg` and `TS2/img_000000.jpg`), the one whose path ends with the whole name. A
 * name several images still fit is reported and the prediction left out; one no image fits stays
 * unknown (scoring reports it).
 *
 * Ids are looked up one at a time (`idOf`); the image files are read (`keys`) only once a record
 * has to be matched by name, so a file naming images by id never holds the dataset's list.
 */
export class ImageMatcher {
  private byStem: Map<string, ImageKey[]> | undefined;
  private unknownCount = 0;
  private readonly unknownFirst = new Set<string>();

  constructor(
    private readonly idOf: (sourceId: string) => number | undefined,
    private readonly keys: () => readonly ImageKey[],
    private readonly issues: IssueLog,
    private readonly where: string,
  ) {}

  private stemIndex(): Map<string, ImageKey[]> {
    if (this.byStem) return this.byStem;
    this.byStem = new Map();
    for (const k of this.keys()) {
      const stem = posix.basename(withoutExt(k.file));
      const list = this.byStem.get(stem);
      if (list) list.push(k);
      else this.byStem.set(stem, [k]);
    }
    return this.byStem;
  }

  /** The record matched to its image, or null when it was reported and left out. */
  match(r: PredictionRecord): MatchedPrediction | null {
    if (r.imageName === undefined) {
      const imageId = this.idOf(r.imageSourceId);
      if (imageId !== undefined) return { record: r, imageId };
    }
    const name = withoutExt(r.imageName ?? r.imageSourceId).replace(/^\.\//, '');
    let fits: readonly ImageKey[] = this.stemIndex().get(posix.basename(name)) ?? [];
    if (fits.length > 1)
      fits = fits.filter((k) => {
        const f = withoutExt(k.file);
        return f === name || f.endsWith(`/${name}`);
      });
    if (fits.length === 0 && this.idOf(name) !== undefined) fits = [{ sourceId: name, file: name }];
    if (fits.length === 1) {
      const sourceId = fits[0]!.sourceId;
      return { record: { ...r, imageSourceId: sourceId }, imageId: this.idOf(sourceId) };
    }
    if (fits.length > 1) {
      this.issues.report(
        'ambiguous image name',
        `${this.where} [${r.index}]: ${name} fits ${fits.length} images (${fits
          .map((k) => k.file)
          .sort()
          .slice(0, 3)
          .join(', ')}${fits.length > 3 ? ', …' : ''}); name it by its folder too`,
      );
      return null;
    }
    this.unknownCount++;
    if (this.unknownFirst.size < SHOWN) this.unknownFirst.add(r.imageSourceId);
    return { record: r, imageId: undefined };
  }

  /** The predictions so far that name no image of the dataset. */
  get unknown(): UnknownImages {
    return { count: this.unknownCount, first: [...this.unknownFirst] };
  }
}
