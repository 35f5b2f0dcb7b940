import type { DatasetFormat } from '../../contract';
import type { Mat3, Skeleton, SkeletonId, Vec2, Vec3 } from '../../core';

/** Every layout PoseScope reads: the contract's one list. */
export { DATASET_FORMATS, type DatasetFormat } from '../../contract';

export interface CameraRecord {
  readonly key: string;
  readonly f: Vec2;
  readonly c: Vec2;
  readonly R?: Mat3;
  readonly t?: Vec3;
  readonly k?: Vec3;
  readonly p?: Vec2;
  /** The camera's original JSON text, carried through to export (null: nothing left of it). */
  readonly raw?: string | null;
  /** `raw` holds only the fields the camera's columns cannot give back (residual/). */
  readonly residual?: true;
}

/** k1, k2, k3, p1, p2 as the index stores a camera's lens (zeros for the part not given). */
export const distortionOf = (rec: Pick<CameraRecord, 'k' | 'p'>): number[] | undefined =>
  rec.k || rec.p ? [...(rec.k ?? [0, 0, 0]), ...(rec.p ?? [0, 0])] : undefined;

export interface ImageRecord {
  /** The dataset's own image id (as text), unique within the dataset. */
  readonly sourceId: string;
  /** Path relative to the dataset root. */
  readonly file: string;
  readonly width?: number;
  readonly height?: number;
  readonly cameraKey?: string;
  readonly subject?: string;
  readonly action?: string;
  readonly sequence?: string;
  readonly camera?: string;
  readonly frame?: number;
  /**
   * The scene the image shows a moment of: images of one scene with the same frame index are
   * views of one moment (Human3.6M's and Panoptic's cameras of a sequence; sequences a rig file
   * names as cameras of one room). Left out, the sequence.
   */
  readonly scene?: string;
  /** The image file is not on disk (its people are still indexed, and flagged). */
  readonly missing?: boolean;
  /** The original record's JSON text, carried through to export untouched (null: none). */
  readonly raw: string | null;
  /** `raw` holds only the fields the image's columns cannot give back (null: none; residual/). */
  readonly residual?: true;
  /** `raw` as parsed, where the adapter has it: spares parsing it again to find its residual. */
  readonly rawValue?: unknown;
}

export interface InstanceRecord {
  readonly imageSourceId: string;
  /** The dataset's own annotation id (as text). */
  readonly sourceId: string;
  /** Index of the person within the image, in file order. */
  readonly person: number;
  readonly bbox?: readonly [number, number, number, number];
  readonly iscrowd: boolean;
  readonly space?: 'world' | 'camera';
  readonly joints3d?: Float64Array;
  readonly joints2d?: Float64Array;
  /** 0 absent, 1 occluded, 2 visible (COCO semantics). */
  readonly vis?: Uint8Array;
  readonly valid: boolean;
  readonly flags: number;
  /** The original annotation's JSON text, carried through to export untouched. */
  readonly raw: string | null;
  /** `raw` holds only the fields the person's columns cannot give back (null: none; residual/). */
  readonly residual?: true;
  /** `raw` as parsed, where the adapter has it: spares parsing it again to find its residual. */
  readonly rawValue?: unknown;
  /** PCKh's head size (px) from a file beside the annotations (MPII's mpii_gt_val.mat). */
  readonly headSize?: number;
}

/** Instance flag bits: why an instance needs a look. */
export const FLAG = {
  missingImage: 1 << 0,
  wrongJointCount: 1 << 1,
  nonFinite: 1 << 2,
  no3d: 1 << 3,
  /** A box of negative size, or a box or joint coordinate no image or room holds. */
  implausible: 1 << 4,
} as const;

/** Where an adapter sends what it reads. */
export interface RecordSink {
  camera(rec: CameraRecord): void;
  image(rec: ImageRecord): void;
  instance(rec: InstanceRecord): void;
  /**
   * A value of an annotation file that is not an image, person or camera (COCO's `info` and
   * `categories`, world joints of a frame no image shows), kept as JSON text for export.
   * `file` is relative to the dataset root; `path` is the value's key path joined with '/'.
   */
  fileValue(file: string, path: string, text: string): void;
}

/** A problem in the input that indexing survives; counted per kind, first examples kept. */
export interface IssueLog {
  report(kind: IssueKind, where: string): void;
}

export type IssueKind =
  | 'missing image file'
  | 'wrong joint count'
  | 'non-finite coordinates'
  | 'annotation for unknown image'
  | 'no 3D joints for frame'
  | 'unknown camera'
  | 'invalid record'
  | 'prediction for unknown image'
  | 'prediction without a pose'
  | 'image not readable'
  | 'no prediction for target'
  | 'camera assumed'
  // A joint a pipeline's model left NaN, counted once per joint over the run.
  | 'joint not predicted'
  // An inference server a remote run left out: unreachable when opened, or failing a batch.
  | 'server left out'
  | 'duplicate id'
  | 'image outside the dataset'
  | 'implausible box'
  | 'implausible coordinates'
  | 'other category'
  | 'ambiguous image name'
  | 'not a prediction file'
  | 'no head box';

/** A set of files that feed the same images; re-indexed together when any of them changes. */
export interface Unit {
  readonly key: string;
  /** Paths relative to the dataset root. */
  readonly files: readonly string[];
}

/** What an adapter reports to while it reads a unit. */
export interface ReadContext {
  readonly issues: IssueLog;
  /** Bytes of input consumed since the last call, for progress. */
  readonly onBytes: (bytes: number) => void;
}

export interface DatasetAdapter {
  readonly format: DatasetFormat;
  /** The format's skeleton; where `skeletonOf` is given, the one files naming no layout get. */
  readonly skeleton: SkeletonId;
  /**
   * The skeleton a dataset's files hold, for formats whose files name their layout (COCO-style
   * `categories[].keypoints`): a built-in one, or one the files define; throws naming the files
   * when they hold different ones. Without it every dataset of the format has `skeleton`.
   */
  skeletonOf?(root: string, units: readonly Unit[]): Skeleton;
  /** What a folder must hold for this format, for the message when it holds none of it. */
  readonly needs?: string;
  /** What indexing the folder in this format cannot give, said once with the summary (or null). */
  note?(root: string, units: readonly Unit[]): string | null;
  /** The units of a dataset folder; what cannot be listed is reported to `issues`. */
  listUnits(root: string, issues?: IssueLog): Unit[];
  readUnit(root: string, unit: Unit, sink: RecordSink, ctx: ReadContext): void;
}
