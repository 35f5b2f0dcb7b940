// Ground truth in MuPoTS-3D's layout (RootNet's MuPoTS-3D.json): exact camera-space joints and
// their projections, then the planted label mistakes written over a copy.
import {
  MUPOTS_17,
  cameraToPixel,
  jointIndex,
  worldToCamera,
  type BBox,
  type Intrinsics,
  type Vec2,
  type Vec3,
} from '../../core';
import type { View } from './frames';
import { FRAMES, FRAME_DT, CAMERAS, type ActorId, type SampleCamera } from './scene';
import { LABEL_ERRORS, isAt, type LabelError } from './planted';

export const IMAGES_DIR = 'MultiPersonTestSet';

/** One person in one image, as the scene really has them. */
export interface TruePerson {
  readonly annId: number;
  readonly imageId: number;
  readonly seq: SampleCamera['seq'];
  readonly frame: number;
  readonly actor: ActorId;
  readonly intr: Intrinsics;
  /** Camera space (mm), rounded to 0.01 mm as written. */
  readonly cam: readonly Vec3[];
  /** The exact projection of `cam`. */
  readonly img: readonly Vec2[];
  readonly vis: readonly boolean[];
  readonly bbox: BBox;
}

export const imageId = (seq: SampleCamera['seq'], frame: number) =>
  CAMERAS.findIndex((c) => c.seq === seq) * FRAMES + frame;
export const fileName = (seq: string, frame: number) =>
  `${seq}/img_${String(frame).padStart(6, '0')}.jpg`;

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const r2 = (v: number) => round(v, 2);
/** A point scaled by k and rounded to 0.01 mm, as the file stores it. */
const roundVec = (p: Vec3, k: number): Vec3 => [r2(p[0] * k), r2(p[1] * k), r2(p[2] * k)];

/**
 * The projected joints' box widened by 12 % of its longer side each way, for the hands, feet and
 * hair beyond the joints; clipped to the image.
 */
export function boxAround(img: readonly Vec2[], width: number, height: number): BBox {
  const us = img.map((p) => p[0]);
  const vs = img.map((p) => p[1]);
  const m = 0.12 * Math.max(Math.max(...us) - Math.min(...us), Math.max(...vs) - Math.min(...vs));
  const x0 = Math.max(0, Math.min(...us) - m);
  const y0 = Math.max(0, Math.min(...vs) - m);
  const x1 = Math.min(width - 1, Math.max(...us) + m);
  const y1 = Math.min(height - 1, Math.max(...vs) + m);
  return [r2(x0), r2(y0), r2(x1 - x0), r2(y1 - y0)];
}

/** Every person of every view, annotation ids in image order. */
export function truePeople(views: readonly View[]): TruePerson[] {
  const out: TruePerson[] = [];
  for (const v of views) {
    const { seq, intr, ext, width, height } = v.camera;
    v.people.forEach((p, i) => {
      const cam = p.body.joints.map((w) => roundVec(worldToCamera(w, ext), 1));
      const img = cam.map((c) => cameraToPixel(c, intr));
      out.push({
        annId: out.length,
        imageId: imageId(seq, v.frame),
        seq,
        frame: v.frame,
        actor: p.actor,
        intr,
        cam,
        img,
        vis: v.visible[i]!,
        bbox: boxAround(img, width, height),
      });
    });
  }
  return out;
}

export function mupotsImages() {
  return CAMERAS.flatMap((c) =>
    Array.from({ length: FRAMES }, (_, frame) => ({
      id: imageId(c.seq, frame),
      file_name: fileName(c.seq, frame),
      width: c.width,
      height: c.height,
      intrinsic: [c.intr.f[0], c.intr.f[1], c.intr.c[0], c.intr.c[1]],
      frame_idx: frame,
      // Not a MuPoTS-3D field: the take's rate, which PoseScope plays the sequence at.
      fps: Number((1 / FRAME_DT).toFixed(2)),
    })),
  );
}

const J = (name: string) => jointIndex(MUPOTS_17, name);

/** Swaps every left/right pair of a per-joint list. */
export function swapSides<T>(list: readonly T[]): T[] {
  const out = [...list];
  for (const [a, b] of MUPOTS_17.flipPairs) [out[a], out[b]] = [list[b]!, list[a]!];
  return out;
}

/** A person's labels with a planted mistake written over them. */
function misLabel(p: TruePerson, e: LabelError) {
  let cam = [...p.cam];
  let img = [...p.img];
  let vis = [...p.vis];
  if (e.kind === 'moved-2d') {
    const j = J(e.joint);
    img[j] = [r2(img[j]![0] + e.offset[0]), r2(img[j]![1] + e.offset[1])];
  } else if (e.kind === 'swapped-sides') {
    [cam, img, vis] = [swapSides(cam), swapSides(img), swapSides(vis)];
  } else if (e.kind === 'wrong-depth') {
    // Slid along its own ray, so the 2D label still looks right and only the depth is wrong.
    const j = J(e.joint);
    const k = (cam[j]![2] + e.mm) / cam[j]![2];
    cam[j] = roundVec(cam[j]!, k);
    img[j] = cameraToPixel(cam[j]!, p.intr);
  } else {
    cam[J(e.joint)] = cam[J(e.onto)]!;
    img[J(e.joint)] = img[J(e.onto)]!;
  }
  return { cam, img, vis };
}

/** The annotations as written: the truth, except where a planted label mistake overrides it. */
export function mupotsAnnotations(people: readonly TruePerson[]) {
  for (const e of LABEL_ERRORS) {
    if (!people.some((p) => isAt(e, p.seq, p.frame, p.actor)))
      throw new Error(`label error planted on ${e.actor} in ${e.seq} frame ${e.frame}: not there`);
  }
  return people.map((p) => {
    const e = LABEL_ERRORS.find((x) => isAt(x, p.seq, p.frame, p.actor));
    const { cam, img, vis } = e ? misLabel(p, e) : p;
    return {
      id: p.annId,
      image_id: p.imageId,
      category_id: 1,
      iscrowd: 0,
      keypoints_cam: cam,
      keypoints_img: img,
      keypoints_vis: vis,
      bbox: p.bbox,
      is_valid: 1,
    };
  });
}
