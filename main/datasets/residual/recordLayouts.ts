import { H36M_ACTIONS } from '../predictions/h36mTakes';
import type { CameraRecord, DatasetFormat, ImageRecord, InstanceRecord } from '../records';
import type { Json, RecordLayout } from './residualRecord';

/** What an image row's columns hold of its record. */
export type ImageColumns = Pick<
  ImageRecord,
  'sourceId' | 'file' | 'width' | 'height' | 'subject' | 'action' | 'sequence' | 'camera' | 'frame'
>;

/** What a person row's columns hold of its record, with their image's id and file. */
export interface InstanceColumns extends Pick<
  InstanceRecord,
  'sourceId' | 'bbox' | 'iscrowd' | 'joints3d' | 'joints2d' | 'vis'
> {
  readonly imageSourceId: string;
  /** Only for layouts whose people name their image file (`usesImageFile`). */
  readonly imageFile?: string;
}

/** What a camera row's columns hold (k and p both, or neither: one distortion blob). */
export type CameraColumns = Pick<CameraRecord, 'f' | 'c' | 'R' | 't' | 'k' | 'p'>;

/** The layouts of one format's records; a kind without one keeps its records whole. */
export interface FormatLayouts {
  readonly image?: RecordLayout<ImageColumns>;
  readonly instance?: RecordLayout<InstanceColumns> & { readonly usesImageFile?: true };
  readonly camera?: RecordLayout<CameraColumns>;
}

/** An id as the file most likely wrote it: a number where the text is one, else the text. */
function idValue(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return /^-?(0|[1-9]\d*)$/.test(text) && Number.isSafeInteger(n) ? n : text;
}

/**
 * `a` mapped value by value; a plain loop, since `Array.from(typedArray, fn)` goes through the
 * iterator protocol, and these run for every record indexed.
 */
function each<T>(a: ArrayLike<number>, f: (v: number, i: number) => T): T[] {
  const out = new Array<T>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!, i);
  return out;
}

/** A coordinate as the file has it: NaN (the file's null) as null. */
const coordinate = (v: number) => (Number.isNaN(v) ? null : v);

/** J×dims joints as rows. */
function rows(a: Float64Array | undefined, dims: number): Json[] | undefined {
  if (!a) return undefined;
  const out: Json[] = [];
  for (let at = 0; at < a.length; at += dims) out.push(each(a.subarray(at, at + dims), coordinate));
  return out;
}

const numbers = (a: ArrayLike<number> | undefined): Json[] | undefined => a && each(a, (v) => v);
const bbox = (c: InstanceColumns) => numbers(c.bbox);
const crowd = (c: InstanceColumns) => (c.iscrowd ? 1 : 0);
const visible = (c: InstanceColumns) => c.vis && each(c.vis, (v) => v > 0);
const personId = (c: InstanceColumns) => idValue(c.sourceId);
const imageId = (c: InstanceColumns) => idValue(c.imageSourceId);

/** A file name relative to the image folder `dir` the adapter put in front of it. */
function under(dir: string) {
  const prefix = `${dir}/`;
  return (c: ImageColumns) => (c.file.startsWith(prefix) ? c.file.slice(prefix.length) : undefined);
}
const lastSegment = (file: string) =>
  file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);

const ACTION_IDS = new Map(Object.entries(H36M_ACTIONS).map(([id, name]) => [name, Number(id)]));
const isInteger = (s: string) => /^-?\d+$/.test(s);

/** RootNet's Human3.6M files (h36m.ts): action = action_name ?? action_idx, sequence ends in the subaction. */
const H36M: FormatLayouts = {
  image: {
    order: [
      'id',
      'file_name',
      'width',
      'height',
      'subject',
      'action_name',
      'action_idx',
      'subaction_idx',
      'cam_idx',
      'frame_idx',
    ],
    fields: {
      id: (c) => idValue(c.sourceId),
      file_name: under('images'),
      width: (c) => c.width,
      height: (c) => c.height,
      subject: (c) => (c.subject?.startsWith('S') ? idValue(c.subject.slice(1)) : undefined),
      action_name: (c) => (c.action === undefined || isInteger(c.action) ? undefined : c.action),
      action_idx: (c) =>
        c.action === undefined
          ? undefined
          : isInteger(c.action)
            ? Number(c.action)
            : ACTION_IDS.get(c.action),
      subaction_idx: (c) => idValue(c.sequence?.slice(c.sequence.lastIndexOf(' ') + 1)),
      cam_idx: (c) => idValue(c.camera),
      frame_idx: (c) => c.frame,
    },
  },
  instance: {
    order: ['id', 'image_id', 'category_id', 'iscrowd', 'keypoints_vis', 'bbox'],
    fields: { id: personId, image_id: imageId, iscrowd: crowd, keypoints_vis: visible, bbox },
  },
  camera: {
    order: ['R', 't', 'f', 'c', 'k', 'p'],
    fields: {
      R: (c) => c.R?.map((r) => Array.from(r)),
      t: (c) => numbers(c.t),
      f: (c) => numbers(c.f),
      c: (c) => numbers(c.c),
      k: (c) => numbers(c.k),
      p: (c) => numbers(c.p),
    },
  },
};

/** COCO's own files' order; joints are flat [x, y, v] (coco.ts). */
const COCO: FormatLayouts = {
  image: {
    order: [
      'license',
      'file_name',
      'coco_url',
      'height',
      'width',
      'date_captured',
      'flickr_url',
      'id',
    ],
    fields: {
      file_name: (c) => lastSegment(c.file),
      height: (c) => c.height,
      width: (c) => c.width,
      id: (c) => idValue(c.sourceId),
    },
  },
  instance: {
    order: [
      'segmentation',
      'num_keypoints',
      'area',
      'iscrowd',
      'keypoints',
      'image_id',
      'bbox',
      'category_id',
      'id',
    ],
    fields: {
      iscrowd: crowd,
      keypoints: ({ joints2d: xy, vis }) => {
        if (!xy || !vis) return undefined;
        const kp: Json[] = [];
        for (let j = 0; j < vis.length; j++)
          kp.push(coordinate(xy[2 * j]!), coordinate(xy[2 * j + 1]!), vis[j]!);
        return kp;
      },
      image_id: imageId,
      bbox,
      id: personId,
    },
  },
};

/** RootNet's MuPoTS-3D file (mupots.ts); `intrinsic` and `frame_idx` stay in the residual. */
const MUPOTS: FormatLayouts = {
  image: {
    order: ['id', 'file_name', 'width', 'height', 'intrinsic', 'frame_idx'],
    fields: {
      id: (c) => idValue(c.sourceId),
      file_name: under('MultiPersonTestSet'),
      width: (c) => c.width,
      height: (c) => c.height,
    },
  },
  instance: {
    order: [
      'id',
      'image_id',
      'category_id',
      'iscrowd',
      'keypoints_cam',
      'keypoints_img',
      'keypoints_vis',
      'bbox',
      'is_valid',
    ],
    fields: {
      id: personId,
      image_id: imageId,
      iscrowd: crowd,
      keypoints_cam: (c) => rows(c.joints3d, 3),
      keypoints_img: (c) => rows(c.joints2d, 2),
      keypoints_vis: visible,
      bbox,
    },
  },
};

/**
 * MMPose's MPII lists (mpii.ts): 1-based joints, [-1, -1] where unlabelled; `center` and
 * `scale` (which the box is made from) stay in the residual.
 */
const MPII: FormatLayouts = {
  instance: {
    order: ['joints_vis', 'joints', 'image', 'scale', 'center'],
    usesImageFile: true,
    fields: {
      joints_vis: (c) => c.vis && each(c.vis, (v) => (v > 0 ? 1 : 0)),
      joints: ({ joints2d: xy, vis }) =>
        xy && vis && each(vis, (v, j) => (v > 0 ? [xy[2 * j]! + 1, xy[2 * j + 1]! + 1] : [-1, -1])),
      image: (c) => c.imageFile && lastSegment(c.imageFile),
    },
  },
};

/**
 * The layouts of the formats whose records come from the dataset's own files. The others
 * (MPI-INF-3DHP, CMU Panoptic, 3DPW) keep a few fields the adapter writes itself, whole.
 */
export const RECORD_LAYOUTS: Partial<Record<DatasetFormat, FormatLayouts>> = {
  h36m: H36M,
  coco: COCO,
  mupots: MUPOTS,
  mpii: MPII,
};
