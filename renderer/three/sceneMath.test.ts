// @vitest-environment node
import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { cameraToPixel, getSkeleton, restPose, type Vec3 } from '../../core';
import {
  boundsOf,
  cross,
  dirToScene,
  fitFov,
  floorBelow,
  floorUp,
  frustumCorners,
  fromScene,
  personBounds,
  presetPose,
  toScene,
  type ScenePoint,
  type ViewPreset,
} from './sceneMath';

const W = 800;
const H = 600;
const INTR = { f: [702.4, 700.9], c: [400, 300] } as const;
const MUPOTS = getSkeleton('mupots17');
const ROOT = 14; // MuPoTS-17's pelvis

/** The rest pose (body frame: y up, z facing, x the person's left) facing the camera at `at`. */
const standing = (at: Vec3): Vec3[] =>
  restPose(MUPOTS).map((p): Vec3 => [at[0] + p[0], at[1] - p[1], at[2] - p[2]]);

/** −0 reads as 0: the axis flip turns zeros negative, which says nothing about geometry. */
const clean = (p: readonly number[] | null | undefined) => p?.map((x) => x + 0);

const project = (cam: PerspectiveCamera, p: ScenePoint) => {
  const v = new Vector3(...p).project(cam);
  return [v.x, v.y] as const;
};

const camAt = (position: ScenePoint, target: ScenePoint, fov: number, aspect: number) => {
  const cam = new PerspectiveCamera(fov, aspect, 0.01, 100);
  cam.position.set(...position);
  cam.lookAt(...target);
  cam.updateMatrixWorld();
  return cam;
};

describe('camera → scene transform', () => {
  it('converts mm to m and turns Y down / Z forward into Y up / Z backward', () => {
    expect(toScene([1000, 2000, 3000])).toEqual([1, -2, -3]);
  });

  it('comes back to camera millimetres exactly (the 3D gizmo drops joints through it)', () => {
    const p: Vec3 = [-412.5, 987.25, 4321.75];
    expect(fromScene(toScene(p))).toEqual(p);
  });

  it('is a rotation, not a mirror: it keeps the axes right-handed', () => {
    const [x, y, z] = [dirToScene([1, 0, 0]), dirToScene([0, 1, 0]), dirToScene([0, 0, 1])];
    expect(clean(cross(x, y))).toEqual(clean(z));
  });

  it("lets three's default camera at the origin see the image as the real camera did", () => {
    const cam = camAt([0, 0, 0], [0, 0, -1], fitFov(INTR, W, H, W / H), W / H);
    // A point right of and above the optical axis lands right and up on screen.
    const [x, y] = project(cam, toScene([500, -300, 4000]));
    const [u, v] = cameraToPixel([500, -300, 4000], INTR);
    expect(x).toBeCloseTo((u - W / 2) / (W / 2), 2);
    expect(y).toBeCloseTo(-(v - H / 2) / (H / 2), 2);
  });
});

describe('frustum', () => {
  it('back-projects the image corners so they reproject onto the corners', () => {
    const intr = { f: [1145.0, 1143.8], c: [512.5, 515.5] } as const;
    const corners = frustumCorners(intr, 1000, 1002, 1000);
    const expected = [
      [0, 0],
      [1000, 0],
      [1000, 1002],
      [0, 1002],
    ];
    corners.forEach((c, i) => {
      expect(c[2]).toBeCloseTo(1000, 9);
      const [u, v] = cameraToPixel(c, intr);
      expect(u).toBeCloseTo(expected[i]![0]!, 6);
      expect(v).toBeCloseTo(expected[i]![1]!, 6);
    });
  });

  it('fits the whole image: its height on a wide canvas, its width on a narrow one', () => {
    const wide = camAt([0, 0, 0], [0, 0, -1], fitFov(INTR, W, H, 2), 2);
    const narrow = camAt([0, 0, 0], [0, 0, -1], fitFov(INTR, W, H, 0.8), 0.8);
    const [tl, , br] = frustumCorners(INTR, W, H, 1000).map(toScene);
    expect(project(wide, tl!)[1]).toBeCloseTo(1, 6);
    expect(project(narrow, br!)[0]).toBeCloseTo(1, 6);
    expect(Math.abs(project(wide, br!)[0])).toBeLessThan(1);
  });
});

describe('floor', () => {
  const feet = (pose: Vec3[]) => [pose[10]!, pose[13]!];

  it('is perpendicular to the camera down axis for one person', () => {
    expect(floorUp([feet(standing([0, 0, 5000]))])).toEqual([0, -1, 0]);
  });

  it("recovers the camera's pitch from people at different depths", () => {
    const pitch = (12 * Math.PI) / 180;
    // A camera 1.4 m above the floor, looking 12° down: far floor points sit higher in the image.
    // One person has a foot raised 12 cm, which must not tilt the estimate.
    const onFloor = (x: number, z: number): Vec3 => [
      x,
      1400 / Math.cos(pitch) - z * Math.tan(pitch),
      z,
    ];
    const up = floorUp([
      [onFloor(-500, 3000), [-300, onFloor(-300, 3200)[1] - 120, 3200]],
      [onFloor(800, 6000), onFloor(1000, 6100)],
    ]);
    expect(Math.atan2(-up[2], -up[1])).toBeCloseTo(pitch, 2);
  });

  it('lies one ankle height below the lowest ankle, under the centre', () => {
    const pose = standing([0, 0, 5000]);
    const center = toScene(pose[ROOT]!);
    const floor = floorBelow(feet(pose), [0, -1, 0], 70, center)!;
    expect(clean(floor.normal)).toEqual([0, 1, 0]);
    expect(floor.point[1]).toBeCloseTo(-(Math.max(pose[10]![1], pose[13]![1]) + 70) / 1000, 9);
    expect(floor.point[0]).toBeCloseTo(center[0], 9);
    expect(floor.point[2]).toBeCloseTo(center[2], 9);
  });
});

describe('view presets', () => {
  const people = [standing([-900, 0, 4000]), standing([1200, 100, 6500])];
  const joints = people.flat().map(toScene);
  const bounds = boundsOf(joints)!;
  const up = dirToScene(floorUp(people.map((p) => [p[10]!, p[13]!])));
  const fov = fitFov(INTR, W, H, 1.5);
  const ray = toScene([0, 0, 1000]);

  it.each<ViewPreset>(['left-front', 'right-front', 'top'])(
    '%s looks at the centroid and keeps every joint in view',
    (preset) => {
      const pose = presetPose(preset, bounds, up, fov, 1.5, { imageCenterRay: ray });
      expect(pose.target).toEqual(bounds.center);
      const cam = camAt(pose.position, pose.target, fov, 1.5);
      const [cx, cy] = project(cam, bounds.center);
      expect(Math.abs(cx)).toBeLessThan(1e-9);
      expect(Math.abs(cy)).toBeLessThan(1e-9);
      for (const j of joints) {
        const [x, y] = project(cam, j);
        expect(Math.max(Math.abs(x), Math.abs(y))).toBeLessThan(1);
      }
    },
  );

  it('left-front and right-front stand in front, to the image left and right; top above', () => {
    const c = bounds.center;
    const left = presetPose('left-front', bounds, up, fov, 1.5).position;
    const right = presetPose('right-front', bounds, up, fov, 1.5).position;
    const top = presetPose('top', bounds, up, fov, 1.5).position;
    expect(left[0]).toBeLessThan(c[0]);
    expect(right[0]).toBeGreaterThan(c[0]);
    expect(Math.min(left[2], right[2])).toBeGreaterThan(c[2]);
    const rise = (p: ScenePoint) =>
      (p[0] - c[0]) * up[0] + (p[1] - c[1]) * up[1] + (p[2] - c[2]) * up[2];
    expect(rise(left)).toBeGreaterThan(0);
    expect(rise(top) / Math.hypot(top[0] - c[0], top[1] - c[1], top[2] - c[2])).toBeGreaterThan(
      0.99,
    );
  });

  it('camera view sits at the real camera and looks through the image centre', () => {
    const centreRay = toScene([
      (W / 2 - INTR.c[0]) / INTR.f[0],
      (H / 2 - INTR.c[1]) / INTR.f[1],
      1,
    ]);
    const pose = presetPose('camera', bounds, up, fov, W / H, { imageCenterRay: centreRay });
    expect(pose.position).toEqual([0, 0, 0]);
    const t = pose.target;
    const [u, v] = cameraToPixel([t[0] * 1000, -t[1] * 1000, -t[2] * 1000], INTR);
    expect(u).toBeCloseTo(W / 2, 6);
    expect(v).toBeCloseTo(H / 2, 6);
    expect(t[2]).toBeCloseTo(bounds.center[2], 9);
  });

  it('bounds hold every point', () => {
    const pts: ScenePoint[] = [
      [0, 0, 0],
      [2, 0, 0],
    ];
    expect(boundsOf(pts)).toEqual({ center: [1, 0, 0], radius: 1 });
  });
});

describe('fitting one person (F)', () => {
  it('bounds a person’s labelled joints in scene metres, missing joints left out', () => {
    const b = personBounds([[0, 0, 4000], null, [600, -800, 4000]])!;
    expect(b.center).toEqual([0.3, 0.4, -4]);
    expect(b.radius).toBeCloseTo(0.5, 12);
    expect(personBounds([null])).toBeNull();
    expect(personBounds(null)).toBeNull();
  });

  it('moves the camera preset in along the line to the person, still looking at them', () => {
    const bounds = { center: [0.3, 0.4, -4] as const, radius: 0.5 };
    const ray = [0, 0, -1] as const;
    const pose = presetPose('camera', bounds, [0, 1, 0], 50, 1.5, { imageCenterRay: ray }, true);
    expect(pose.target).toEqual([0.3, 0.4, -4]);
    // On the line from the camera's centre to the person, closer than the camera was.
    const d = Math.hypot(...pose.position);
    expect(d).toBeGreaterThan(0);
    const unit = pose.position.map((v) => v / d);
    const toward = bounds.center.map((v) => v / Math.hypot(...bounds.center));
    unit.forEach((v, k) => expect(v).toBeCloseTo(toward[k]!, 9));
    // A person nearer than the fitting distance: the camera stays where it is.
    const near = presetPose(
      'camera',
      { center: [0, 0, -0.5], radius: 0.5 },
      [0, 1, 0],
      50,
      1.5,
      { imageCenterRay: ray },
      true,
    );
    expect(near.position).toEqual([0, 0, -0]);
  });
});
