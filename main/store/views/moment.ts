import type { Camera, Mat3, Vec2, Vec3 } from '../../../core';
import type { Moment, ViewCamera } from '../../../contract';
import type { IndexDb } from '../db/openIndex';
import { getFrame, type FrameDataset } from '../frames/frameQueries';
import { extrinsicsOf, intrinsicsOf, type CameraColumns } from '../labels/groundTruth';

/** One image of a moment with its calibrated camera. */
export interface MomentImage {
  readonly imageId: number;
  readonly label: string;
  readonly camera: Camera;
}

interface Row extends CameraColumns {
  id: number;
  sequence: string | null;
  camera: string | null;
}

const names = new Intl.Collator('en', { numeric: true });

/**
 * The calibrated images of the moment `imageId` shows: the images of its scene with the same
 * frame index whose cameras have extrinsics, the asked image among them, in natural order of
 * their camera names. Empty when the image has no scene or frame index, or no calibrated camera.
 */
export function momentImages(db: IndexDb, datasetId: number, imageId: number): MomentImage[] {
  const rows = db
    .prepare(
      `SELECT o.id, o.sequence, o.camera, c.fx, c.fy, c.cx, c.cy, c.rotation, c.translation,
         c.distortion
       FROM images me
       JOIN images o ON o.dataset_id = me.dataset_id AND o.scene = me.scene AND o.frame = me.frame
       JOIN cameras c ON c.id = o.camera_id
       WHERE me.id = ? AND me.dataset_id = ? AND c.rotation IS NOT NULL`,
    )
    .all(imageId, datasetId) as Row[];
  const out: MomentImage[] = [];
  for (const r of rows) {
    const intr = intrinsicsOf(r);
    const ext = extrinsicsOf(r);
    if (!intr || !ext) continue;
    out.push({
      imageId: r.id,
      label: r.camera ?? r.sequence ?? `image ${r.id}`,
      camera: { ...intr, R: ext.R as Mat3, t: ext.t },
    });
  }
  if (!out.some((v) => v.imageId === imageId)) return [];
  return out.sort((a, b) => names.compare(a.label, b.label) || a.imageId - b.imageId);
}

const v2 = (v: Vec2): [number, number] => [v[0], v[1]];
const v3 = (v: Vec3): [number, number, number] => [v[0], v[1], v[2]];

function wireCamera(c: Camera): ViewCamera {
  return {
    f: v2(c.f),
    c: v2(c.c),
    ...(c.k ? { k: v3(c.k) } : {}),
    ...(c.p ? { p: v2(c.p) } : {}),
    R: [v3(c.R[0]), v3(c.R[1]), v3(c.R[2])],
    t: v3(c.t),
  };
}

/** The moment's views with their frames, or null when fewer than two cameras are calibrated. */
export function momentViews(db: IndexDb, ds: FrameDataset, imageId: number): Moment | null {
  const images = momentImages(db, ds.dbId, imageId);
  if (images.length < 2) return null;
  const at = db.prepare('SELECT scene, frame FROM images WHERE id = ?').get(imageId) as {
    scene: string;
    frame: number;
  };
  return {
    scene: at.scene,
    frame: at.frame,
    imageId,
    views: images.map((v) => ({
      label: v.label,
      camera: wireCamera(v.camera),
      frame: getFrame(db, ds, v.imageId),
    })),
  };
}

/** A person of a moment in one of its views. */
export interface ViewPerson {
  readonly instanceId: number;
  readonly imageId: number;
  readonly space: 'world' | 'camera' | null;
}

/** The person (by index) in each of the images, where labelled and not deleted. */
export function momentPeople(
  db: IndexDb,
  images: readonly number[],
  person: number,
): Map<number, ViewPerson> {
  const find = db.prepare(
    'SELECT id, space FROM instances WHERE image_id = ? AND person = ? AND removed = 0 LIMIT 1',
  );
  const out = new Map<number, ViewPerson>();
  for (const imageId of images) {
    const r = find.get(imageId, person) as
      { id: number; space: 'world' | 'camera' | null } | undefined;
    if (r) out.set(imageId, { instanceId: r.id, imageId, space: r.space });
  }
  return out;
}
