import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  H36M_17,
  cameraToPixel,
  cameraToWorld,
  mpjpe,
  paMpjpe,
  posesWorldToCamera,
  type Camera,
  type Pose3D,
} from '../core';
import { sharedSample } from './helpers/sharedData';
import { explainSkip } from './helpers/skip';

const sample = sharedSample('h36m-sample');

interface Frame {
  file: string;
  width: number;
  height: number;
  bbox: [number, number, number, number];
  camera: Camera;
  world: Pose3D;
}

interface H36mImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
  cam_idx: number;
  action_idx: number;
  subaction_idx: number;
  frame_idx: number;
}

/** Reads every frame of the sample straight from the RootNet/HDNet JSON layout. */
function loadFrames(dir: string): Frame[] {
  const ann = join(dir, 'annotations');
  const subjects = readdirSync(ann)
    .map((f) => /^Human36M_subject(\d+)_data\.json$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined);
  return subjects.flatMap((s) => {
    const read = (kind: string) =>
      JSON.parse(readFileSync(join(ann, `Human36M_subject${s}_${kind}.json`), 'utf8'));
    const data = read('data');
    const cams = read('camera');
    const joints = read('joint_3d');
    return (data.images as H36mImage[]).map((im) => {
      const a = data.annotations.find((x: { image_id: number }) => x.image_id === im.id);
      const c = cams[String(im.cam_idx)];
      return {
        file: join(dir, 'images', im.file_name),
        width: im.width,
        height: im.height,
        bbox: a.bbox,
        camera: { R: c.R, t: c.t, f: c.f, c: c.c },
        world: joints[String(im.action_idx)][String(im.subaction_idx)][String(im.frame_idx)],
      };
    });
  });
}

describe.skipIf('skip' in sample)('real Human3.6M frames (../shared/data/h36m-sample)', () => {
  if ('skip' in sample) return;
  const frames = loadFrames(sample.dir);

  it('has the four sample frames with 17 joints each and their images', () => {
    expect(frames).toHaveLength(4);
    for (const f of frames) {
      expect(f.world).toHaveLength(H36M_17.joints.length);
      expect(existsSync(f.file)).toBe(true);
    }
  });

  it.each(frames.map((f, i) => [i, f] as const))(
    'frame %i: 3D joints reproject with the dataset camera onto the annotated person box',
    (_, f) => {
      const cam = posesWorldToCamera(f.world, f.camera);
      // Every joint in front of the camera, at a plausible capture distance.
      for (const p of cam) expect(p[2]).toBeGreaterThan(2000);
      for (const p of cam) expect(p[2]).toBeLessThan(8000);
      const uv = cam.map((p) => cameraToPixel(p, f.camera));
      const [bx, by, bw, bh] = f.bbox;
      const xs = uv.map((p) => p[0]);
      const ys = uv.map((p) => p[1]);
      // The joints' 2D extent sits inside the box (joints are inside the silhouette) and spans
      // most of its height: a wrong camera convention misses by hundreds of pixels.
      const margin = 0.1 * Math.max(bw, bh);
      expect(Math.min(...xs)).toBeGreaterThan(bx - margin);
      expect(Math.max(...xs)).toBeLessThan(bx + bw + margin);
      expect(Math.min(...ys)).toBeGreaterThan(by - margin);
      expect(Math.max(...ys)).toBeLessThan(by + bh + margin);
      const spanX = Math.max(...xs) - Math.min(...xs);
      const spanY = Math.max(...ys) - Math.min(...ys);
      expect(Math.max(spanX / bw, spanY / bh)).toBeGreaterThan(0.7);
      for (const [u, v] of uv) {
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThan(f.width);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThan(f.height);
      }
      // And camera → world returns the stored world joints.
      cam.forEach((p, j) =>
        cameraToWorld(p, f.camera).forEach((v, k) => expect(v).toBeCloseTo(f.world[j]![k]!, 6)),
      );
    },
  );

  it('MPJPE and PA-MPJPE of ground truth against itself are 0', () => {
    for (const f of frames) {
      const cam = posesWorldToCamera(f.world, f.camera);
      expect(mpjpe(cam, cam, H36M_17.root)).toBe(0);
      expect(paMpjpe(cam, cam)).toBeLessThan(1e-9);
    }
  });

  it('bone lengths are anatomically plausible (thigh 350–500 mm)', () => {
    for (const f of frames) {
      const thigh = Math.hypot(...f.world[1]!.map((v, k) => v - f.world[2]![k]!));
      expect(thigh).toBeGreaterThan(350);
      expect(thigh).toBeLessThan(500);
    }
  });
});

explainSkip('skip' in sample ? sample.skip : undefined);
