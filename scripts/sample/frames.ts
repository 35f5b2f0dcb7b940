// Renders the sample's frames: the scene's people as mannequins seen from each camera, and
// which of their joints another person or the stool hides.
import sharp from 'sharp';
import {
  MUPOTS_17,
  REST_STATURE,
  cameraToPixel,
  norm3,
  worldToCamera,
  type Vec3,
} from '../../core';
import { mannequin, stool, type Drawable } from './mannequin';
import { Renderer, type Shadow } from './render';
import {
  ACTORS,
  CAMERAS,
  FRAMES,
  peopleAt,
  stoolGeometry,
  type SampleCamera,
  type ScenePerson,
} from './scene';

/** JPEG quality: mannequin edges stay clean and the 60 frames take under 2 MB. */
const JPEG_QUALITY = 84;
/** A joint counts as hidden when something else is this much (mm) nearer along its pixel's ray. */
const OCCLUSION_MARGIN = 120;

export interface View {
  readonly camera: SampleCamera;
  readonly frame: number;
  readonly people: readonly ScenePerson[];
  /** Per person, per joint: not hidden by another person or the stool, and inside the image. */
  readonly visible: readonly boolean[][];
  readonly jpeg: Buffer;
}

const mid = (a: Vec3, b: Vec3): Vec3 => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];

/** Soft contact shadows: a wide one under the body and a darker one under each foot. */
function shadowsOf(people: readonly ScenePerson[]): Shadow[] {
  const st = stoolGeometry();
  const out: Shadow[] = [{ x: st.seatTop[0], z: st.seatTop[2], r: 330, k: 0.3 }];
  for (const p of people) {
    const pelvis = p.body.joints[MUPOTS_17.root[0]!]!;
    out.push({ x: pelvis[0] + 60, z: pelvis[2] - 60, r: 480, k: 0.22 });
    for (let k = 0; k < 2; k++) {
      const foot = mid(p.body.heels[k]!, p.body.toes[k]!);
      const lift = Math.min(1, Math.max(0, foot[1] / 250));
      out.push({ x: foot[0], z: foot[2], r: 190, k: 0.4 * (1 - lift) });
    }
  }
  return out;
}

function drawablesOf(camera: SampleCamera, people: readonly ScenePerson[]): Drawable[] {
  const st = stoolGeometry();
  const out = stool(st.seatTop, st.seatRadius, st.seatThickness, camera.ext);
  people.forEach((p, i) => {
    const stature = ACTORS.find((a) => a.id === p.actor)!.stature;
    out.push(...mannequin(p.body, camera.ext, p.actor, i, stature / REST_STATURE));
  });
  return out;
}

/** Every view, camera by camera, frame by frame, with its JPEG and joint visibility. */
export async function renderViews(): Promise<View[]> {
  const views: Promise<View>[] = [];
  for (const camera of CAMERAS) {
    const renderer = new Renderer(camera);
    for (let frame = 0; frame < FRAMES; frame++) {
      const people = peopleAt(frame);
      const image = renderer.render(drawablesOf(camera, people), shadowsOf(people));
      const visible = people.map((p, i) =>
        p.body.joints.map((w) => {
          const c = worldToCamera(w, camera.ext);
          const [u, v] = cameraToPixel(c, camera.intr);
          if (u < 0 || v < 0 || u > camera.width - 1 || v > camera.height - 1) return false;
          const seen = image.seenAt(u, v);
          return seen.owner === i || seen.distance > norm3(c) - OCCLUSION_MARGIN;
        }),
      );
      // Encoding runs on sharp's threads while the next frame renders.
      const jpeg = sharp(image.rgb, {
        raw: { width: camera.width, height: camera.height, channels: 3 },
      })
        .jpeg({ quality: JPEG_QUALITY })
        .toBuffer();
      views.push(jpeg.then((data) => ({ camera, frame, people, visible, jpeg: data })));
    }
  }
  return Promise.all(views);
}
