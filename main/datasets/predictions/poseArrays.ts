import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { parse as parseNpy } from 'npyjs';
import type { PredictionRecord } from '../predictionFile';
import type { IssueLog } from '../records';
import { wrongCount, type JointOrder } from './jointOrder';

/** An .npy array as read: shape, C or Fortran order, numbers or strings. */
interface NdArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly fortran: boolean;
  readonly numbers?: ArrayLike<number>;
  readonly strings?: readonly string[];
}

export const NPY_MAGIC = '\x93NUMPY';
export const ZIP_MAGIC = 'PK\x03\x04';

/** Names under which VideoPose3D-style and MMPose 3D evaluations save each array. */
const POSE_KEYS = [
  'poses_3d',
  'pred_3d',
  'preds',
  'pred',
  'predictions',
  'poses',
  'positions_3d',
  'joints_cam',
  'joints_3d',
  'keypoints_3d',
  'keypoints',
];
const ID_KEYS = ['image_ids', 'image_id', 'img_ids', 'img_id'];
const NAME_KEYS = ['imgname', 'imgnames', 'img_name', 'img_names', 'image_name', 'image_names'];
const ROOT_KEYS = ['root_cam', 'roots', 'root'];

/** One .npy file's bytes as an array, refusing what numpy writes but PoseScope cannot read. */
function readNpy(name: string, bytes: Uint8Array): NdArray {
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1] ?? '';
  if (descr.startsWith('>'))
    throw new Error(`${name}: big-endian ${descr}; save it little-endian (numpy's default)`);
  if (descr.includes('O'))
    throw new Error(
      `${name}: an object array (pickled Python objects); save strings with .astype(str), numbers as a numeric dtype`,
    );
  // A copy of its own: a Buffer's `.buffer` is a shared pool, `slice` on a Buffer a view.
  const a = parseNpy(new Uint8Array(bytes).buffer);
  const data: unknown = a.data;
  const base = { name, shape: a.shape, fortran: a.fortranOrder };
  if (Array.isArray(data)) return { ...base, strings: data.map(String) };
  if (data instanceof BigInt64Array || data instanceof BigUint64Array)
    return { ...base, numbers: Array.from(data, Number) };
  if (ArrayBuffer.isView(data) && !(data instanceof DataView))
    return { ...base, numbers: data as unknown as ArrayLike<number> };
  throw new Error(`${name}: unsupported dtype ${a.dtype}`);
}

/** Element [i, j, k] of an N×J×D array in either memory order. */
function at3(a: NdArray, i: number, j: number, k: number): number {
  const [n, J, D] = a.shape as [number, number, number];
  return a.numbers![a.fortran ? i + n * (j + J * k) : (i * J + j) * D + k]!;
}

/** The arrays of an .npz (a zip of .npy files), by name without `.npy`. */
function readNpz(file: string, bytes: Uint8Array): Map<string, NdArray> {
  const out = new Map<string, NdArray>();
  for (const [entry, data] of Object.entries(unzipSync(bytes))) {
    if (!entry.endsWith('.npy')) continue;
    const key = entry.slice(0, -4);
    out.set(key, readNpy(`${file}:${key}`, data));
  }
  return out;
}

/** A text or JSON list of image ids or names (one per line, or a JSON array). */
function readList(file: string): NdArray {
  const text = readFileSync(file, 'utf8');
  const trimmed = text.trim();
  const list: unknown = trimmed.startsWith('[')
    ? JSON.parse(trimmed)
    : trimmed.split(/\r?\n/).map((l) => l.trim());
  if (!Array.isArray(list)) throw new Error(`${file}: expected a list of image ids or names`);
  return { name: file, shape: [list.length], fortran: false, strings: list.map(String) };
}

/** The image ids or names saved beside an .npy of poses: `<stem>_image_ids.npy`, `imgname.txt`… */
function siblingImages(file: string): { array: NdArray; byName: boolean } | undefined {
  const dir = dirname(file);
  const stem = basename(file, extname(file));
  for (const prefix of [`${stem}_`, ''])
    for (const [kind, byName] of [
      ['image_ids', false],
      ['imgname', true],
    ] as const)
      for (const ext of ['.npy', '.json', '.txt']) {
        const f = join(dir, `${prefix}${kind}${ext}`);
        if (!existsSync(f)) continue;
        const array = ext === '.npy' ? readNpy(f, readFileSync(f)) : readList(f);
        return { array, byName };
      }
  return undefined;
}

const pick = (arrays: Map<string, NdArray>, keys: readonly string[]) =>
  keys.map((k) => arrays.get(k)).find((a) => a !== undefined);

/** An image id or name as a string: integral numbers without a decimal point. */
const idText = (a: NdArray, i: number) =>
  a.strings ? a.strings[i]! : String(Number(a.numbers![i]!));

/** A name as the dataset's files are matched: forward slashes, no `./`, no extension. */
const nameOf = (s: string) => {
  const p = s.replace(/\\/g, '/').replace(/^\.\//, '');
  return p.slice(0, p.length - extname(p).length);
};

/**
 * Reads 3D poses saved as arrays, as VideoPose3D-style and MMPose 3D evaluations save them: an
 * .npz holding an N×J×3 array (`poses_3d`, `pred`, `preds`, … or its only N×J×3 array) with
 * `image_ids` or `imgname` (N) and optionally `root_cam` (N×3) for root-relative poses, or an
 * .npy of N×J×3 with its image ids or names in a sibling file (`<stem>_image_ids.npy`,
 * `imgname.txt`, …). Units are the file's (mm or m: the caller checks them against the labels);
 * joints are mapped into the dataset's skeleton by `order`. Returns the records kept.
 */
export function readPoseArrays(
  file: string,
  order: JointOrder,
  issues: IssueLog,
  onRecord: (p: PredictionRecord) => void,
): number {
  const bytes = readFileSync(file);
  const head = bytes.subarray(0, 6).toString('latin1');
  let arrays: Map<string, NdArray>;
  let images: { array: NdArray; byName: boolean } | undefined;
  if (head === NPY_MAGIC) {
    arrays = new Map([['poses', readNpy(file, bytes)]]);
    images = siblingImages(file);
  } else {
    arrays = readNpz(file, bytes);
    const ids = pick(arrays, ID_KEYS);
    const names = pick(arrays, NAME_KEYS);
    images = ids
      ? { array: ids, byName: false }
      : names
        ? { array: names, byName: true }
        : undefined;
  }
  const listed = [...arrays].map(([k, a]) => `${k} ${a.shape.join('×')}`).join(', ');
  const threeD = [...arrays.values()].filter((a) => a.shape.length === 3 && a.shape[2] === 3);
  const poses = pick(arrays, POSE_KEYS) ?? (threeD.length === 1 ? threeD[0] : undefined);
  if (!poses?.numbers || poses.shape.length !== 3 || poses.shape[2] !== 3)
    throw new Error(
      `${file}: no N×J×3 array of poses (named one of ${POSE_KEYS.join(', ')}, or the only one); found ${listed || 'no array'}`,
    );
  if (!images)
    throw new Error(
      `${file}: no image ids beside the poses: an array named ${[...ID_KEYS, ...NAME_KEYS].join(', ')}` +
        ` in the .npz, or for an .npy a sibling <name>_image_ids.npy / imgname.txt (found ${listed})`,
    );
  const [N, J] = poses.shape as [number, number, number];
  const ids = images.array;
  if (ids.shape[0] !== N || ids.shape.slice(1).some((d) => d !== 1))
    throw new Error(
      `${file}: ${N} poses but ${ids.shape.join('×')} image ${images.byName ? 'names' : 'ids'} (${ids.name})`,
    );
  const roots = pick(arrays, ROOT_KEYS);
  if (roots && (roots.shape[0] !== N || roots.shape.length !== 2 || roots.shape[1] !== 3))
    throw new Error(`${file}: ${N} poses but root ${roots.shape.join('×')}, expected ${N}×3`);
  let n = 0;
  for (let i = 0; i < N; i++) {
    const at = `${file} [${i}]`;
    const flat = new Float64Array(J * 3);
    let finite = true;
    for (let j = 0; j < J; j++)
      for (let k = 0; k < 3; k++) {
        const v = at3(poses, i, j, k);
        flat[3 * j + k] = v;
        if (!Number.isFinite(v)) finite = false;
      }
    if (!finite) issues.report('non-finite coordinates', `${at}: poses`);
    const placed = order.toDataset(flat, J, 3);
    if ('error' in placed) {
      issues.report('wrong joint count', wrongCount(at, 'poses', J, order, placed.error));
      continue;
    }
    const id = idText(ids, i);
    const root = roots
      ? ([0, 1, 2].map((k) => roots.numbers![roots.fortran ? i + N * k : 3 * i + k]!) as [
          number,
          number,
          number,
        ])
      : undefined;
    n++;
    onRecord({
      imageSourceId: images.byName ? nameOf(id) : id,
      ...(images.byName ? { imageName: nameOf(id) } : {}),
      index: i,
      ...(root ? { rootCam: root } : {}),
      jointsCam: placed.data,
    });
  }
  return n;
}
