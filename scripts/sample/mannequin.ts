// What the renderer draws: each person as a mannequin of capsules and spheres, in camera space,
// with the colours of their clothes, and the stool. Radii are adult averages (mm) scaled with
// stature; chest and pelvis are pairs of capsules so the torso is wider than it is deep.
import {
  MUPOTS_17,
  jointIndex,
  mulMat3Vec3,
  worldToCamera,
  type BodyPose,
  type Extrinsics,
  type Vec3,
} from '../../core';
import { Capsule, Cylinder, Sphere, type Primitive } from './raycast';
import type { ActorId } from './scene';

export type Rgb = readonly [number, number, number];

export interface Material {
  readonly color: Rgb;
  /** A capsule changes to `color2` past this fraction of its length (short sleeves). */
  readonly split?: number;
  readonly color2?: Rgb;
  /** On the head: hair where the surface normal points within ~70° of this direction. */
  readonly hairDir?: Vec3;
  readonly hair?: Rgb;
  /** Highlight exponent 2^gloss (default 4, i.e. 16). */
  readonly gloss?: number;
}

export interface Drawable {
  readonly shape: Primitive;
  readonly material: Material;
  /** Index of the person in the frame, or −1 for props. */
  readonly owner: number;
}

interface Outfit {
  readonly shirt: Rgb;
  readonly trousers: Rgb;
  readonly skin: Rgb;
  readonly hair: Rgb;
  readonly shoes: Rgb;
  readonly sleeve: number;
}

const hex = (h: number): Rgb => [((h >> 16) & 255) / 255, ((h >> 8) & 255) / 255, (h & 255) / 255];

export const OUTFITS: Readonly<Record<ActorId, Outfit>> = {
  ana: {
    shirt: hex(0xd0533c),
    trousers: hex(0x2f4a6d),
    skin: hex(0xe0ac86),
    hair: hex(0x3a2618),
    shoes: hex(0xefefe8),
    sleeve: 0.5,
  },
  ben: {
    shirt: hex(0x3f8f5a),
    trousers: hex(0x5b5048),
    skin: hex(0x9c6a48),
    hair: hex(0x1d1714),
    shoes: hex(0x2a2a2a),
    sleeve: 1.1,
  },
  cleo: {
    shirt: hex(0xe2b93b),
    trousers: hex(0x3b3b46),
    skin: hex(0xf0c8a8),
    hair: hex(0x8a4b22),
    shoes: hex(0xa03434),
    sleeve: 0.55,
  },
};

const J = (name: string) => jointIndex(MUPOTS_17, name);
const mix = (a: Vec3, b: Vec3, s: number): Vec3 => [
  a[0] + (b[0] - a[0]) * s,
  a[1] + (b[1] - a[1]) * s,
  a[2] + (b[2] - a[2]) * s,
];
const add = (a: Vec3, b: Vec3, s = 1): Vec3 => [a[0] + b[0] * s, a[1] + b[1] * s, a[2] + b[2] * s];
const unit = (v: Vec3): Vec3 => {
  const n = Math.hypot(...v);
  return [v[0] / n, v[1] / n, v[2] / n];
};

/** One person's drawables in camera space; `scale` is stature over 1.72 m. */
export function mannequin(
  world: BodyPose,
  ext: Extrinsics,
  actor: ActorId,
  owner: number,
  scale: number,
): Drawable[] {
  const cam = (p: Vec3) => worldToCamera(p, ext);
  const j = world.joints.map(cam);
  const at = (name: string) => j[J(name)]!;
  const o = OUTFITS[actor];
  const out: Drawable[] = [];
  const capsule = (a: Vec3, b: Vec3, r: number, material: Material) =>
    out.push({ shape: new Capsule(a, b, r * scale), material, owner });
  const sphere = (c: Vec3, r: number, material: Material) =>
    out.push({ shape: new Sphere(c, r * scale), material, owner });

  const lHip = at('L_Hip');
  const rHip = at('R_Hip');
  const lateral = unit([lHip[0] - rHip[0], lHip[1] - rHip[1], lHip[2] - rHip[2]]);
  const shoulderAxis = unit(add(at('L_Shoulder'), at('R_Shoulder'), -1));
  const up = unit(add(at('Thorax'), at('Pelvis'), -1));
  const shirt = { color: o.shirt };
  const trousers = { color: o.trousers };
  const skin = { color: o.skin };

  capsule(lHip, rHip, 95, trousers);
  capsule(at('Pelvis'), at('Spine'), 112, shirt);
  for (const s of [1, -1]) {
    const low = add(at('Spine'), lateral, s * 42 * scale);
    const high = add(add(at('Thorax'), shoulderAxis, s * 55 * scale), up, -45 * scale);
    capsule(low, high, 106, shirt);
  }
  capsule(at('L_Shoulder'), at('R_Shoulder'), 55, shirt);
  capsule(at('Thorax'), at('Head'), 42, skin);

  const head = at('Head');
  const top = at('Head_top');
  const nose = cam(world.nose);
  const centre = add(mix(head, top, 0.33), unit(add(nose, head, -1)), 8 * scale);
  const back = unit(add(head, nose, -1));
  const hairDir = unit(add(unit(add(top, head, -1)), back, 0.9));
  sphere(centre, 96, { color: o.skin, hair: o.hair, hairDir });
  sphere(mix(head, nose, 0.93), 21, skin);

  const sleeve = { color: o.shirt, split: o.sleeve, color2: o.skin };
  for (const side of ['L', 'R'] as const) {
    const k = side === 'L' ? 0 : 1;
    capsule(at(`${side}_Shoulder`), at(`${side}_Elbow`), 46, sleeve);
    capsule(at(`${side}_Elbow`), at(`${side}_Wrist`), 37, o.sleeve > 1 ? shirt : skin);
    capsule(at(`${side}_Wrist`), cam(world.hands[k]!), 34, skin);
    capsule(at(`${side}_Hip`), at(`${side}_Knee`), 68, trousers);
    capsule(at(`${side}_Knee`), at(`${side}_Ankle`), 52, trousers);
    // The foot's axis sits one radius above the sole, so its underside touches the floor.
    const lift = mulMat3Vec3(ext.R, [0, 40 * scale, 0]);
    const heel = add(cam(world.heels[k]!), lift);
    const toe = add(cam(world.toes[k]!), lift);
    capsule(heel, toe, 40, { color: o.shoes, gloss: 5 });
  }
  return out;
}

const WOOD = hex(0x8a6038);

/** The stool: a round wooden seat on three splayed legs. */
export function stool(
  seatTop: Vec3,
  radius: number,
  thickness: number,
  ext: Extrinsics,
): Drawable[] {
  const cam = (p: Vec3) => worldToCamera(p, ext);
  const bottomY = seatTop[1] - thickness;
  const out: Drawable[] = [
    {
      shape: new Cylinder(cam([seatTop[0], bottomY, seatTop[2]]), cam(seatTop), radius),
      material: { color: WOOD, gloss: 4 },
      owner: -1,
    },
  ];
  for (let i = 0; i < 3; i++) {
    const a = (i * 2 * Math.PI) / 3 + 0.3;
    const under: Vec3 = [
      seatTop[0] + 0.6 * radius * Math.cos(a),
      bottomY,
      seatTop[2] + 0.6 * radius * Math.sin(a),
    ];
    const foot: Vec3 = [
      seatTop[0] + 1.05 * radius * Math.cos(a),
      18,
      seatTop[2] + 1.05 * radius * Math.sin(a),
    ];
    out.push({
      shape: new Capsule(cam(under), cam(foot), 18),
      material: { color: WOOD },
      owner: -1,
    });
  }
  return out;
}
