// The sample's scene: one room, two cameras, three people. World frame: y up, floor at y = 0,
// x to camera TS1's right, z towards camera TS1 (so the people stand at negative z), mm.
import {
  MOTIONS,
  MUPOTS_17,
  bodyDims,
  cross3,
  dist3,
  forwardKinematics,
  lowestSole,
  mulMat3Vec3,
  rotY,
  standOnFloor,
  sub3,
  transformBody,
  walkingStride,
  type BodyPose,
  type Extrinsics,
  type Intrinsics,
  type MotionKind,
  type Vec3,
} from '../../core';

const ROOT = MUPOTS_17.root[0]!;

export const SEED = 20240917;
export const FRAMES = 30;
/** Seconds between frames: 6.7 fps, so consecutive frames show visibly different poses. */
export const FRAME_DT = 0.15;

export interface SampleCamera {
  /** Sequence folder name, MuPoTS-style. */
  readonly seq: 'TS1' | 'TS2';
  readonly width: number;
  readonly height: number;
  readonly intr: Intrinsics;
  readonly ext: Extrinsics;
  readonly position: Vec3;
}

const norm = (v: Vec3): Vec3 => {
  const n = Math.hypot(...v);
  return [v[0] / n, v[1] / n, v[2] / n];
};

/** X_cam = R·(X_world − position): rows of R are the camera's right, down and forward axes. */
function lookAt(position: Vec3, target: Vec3): Extrinsics {
  const fwd = norm(sub3(target, position));
  const right = norm(cross3(fwd, [0, 1, 0]));
  const down = cross3(fwd, right);
  const R = [right, down, fwd] as const;
  const Rp = mulMat3Vec3(R, position);
  return { R, t: [-Rp[0], -Rp[1], -Rp[2]] };
}

function camera(
  seq: SampleCamera['seq'],
  intr: Intrinsics,
  position: Vec3,
  target: Vec3,
): SampleCamera {
  return { seq, width: 800, height: 600, intr, ext: lookAt(position, target), position };
}

/**
 * Two calibrated views of the same room, as a MuPoTS capture would have: TS1 from the front at
 * eye height, TS2 from the front left, a little higher and wider. Intrinsics differ in every
 * digit so a tool that mixes them up shows it.
 */
export const CAMERAS: readonly SampleCamera[] = [
  camera('TS1', { f: [702.4, 700.9], c: [398.6, 303.2] }, [0, 1400, 0], [-100, 820, -5000]),
  camera('TS2', { f: [664.8, 666.1], c: [404.3, 296.7] }, [-3900, 1650, -1400], [0, 780, -5300]),
];

export type ActorId = 'ana' | 'ben' | 'cleo';

export interface Actor {
  readonly id: ActorId;
  readonly stature: number;
  /** What the person does at a frame, or undefined when not in the scene. */
  readonly act: (frame: number) => { motion: MotionKind; phase: number } | undefined;
}

const WALK_SPEED = 950;
/**
 * Ana walks a gentle curve from the back left towards the front right, between Cleo's spot and
 * Ben's stool, turning towards the cameras as she comes.
 */
const WALK = { x: -2050, z: -6850, yaw: 52, turnPerMm: -24 / 4300 };

export const ACTORS: readonly Actor[] = [
  { id: 'ana', stature: 1660, act: (f) => ({ motion: 'walking', phase: walkPhase(f) }) },
  {
    id: 'ben',
    stature: 1810,
    act: (f) => (f >= 6 ? { motion: 'sitting', phase: ((f - 6) / 24) % 1 } : undefined),
  },
  {
    id: 'cleo',
    stature: 1720,
    act: (f) =>
      f < 14
        ? undefined
        : f < 22
          ? { motion: 'reaching', phase: (f - 14) / 8 }
          : { motion: 'crouching', phase: (f - 22) / 8 },
  },
];

const dimsOf = (a: ActorId) => bodyDims(ACTORS.find((x) => x.id === a)!.stature);
const walkDistance = (f: number) => WALK_SPEED * FRAME_DT * f;
const walkPhase = (f: number) => (walkDistance(f) / walkingStride(dimsOf('ana')) + 0.1) % 1;

/** Ana's floor position and heading at a frame: along the curve, facing along it. */
function walkPlacement(f: number) {
  const d = walkDistance(f);
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const h0 = rad(WALK.yaw);
  const k = rad(WALK.turnPerMm);
  const h = h0 + k * d;
  // The heading turns at a constant rate: integrate (sin h, cos h) along the path.
  return {
    x: WALK.x + (Math.cos(h0) - Math.cos(h)) / k,
    z: WALK.z + (Math.sin(h) - Math.sin(h0)) / k,
    yaw: (h * 180) / Math.PI,
  };
}

export const STOOL = { x: 1250, z: -5750, yaw: -20 };
const CLEO = { x: -1250, z: -4150, yaw: 70 };

/**
 * Ben's pelvis height is fixed by the stool: the height at which both feet rest on the floor in
 * the neutral seated pose; his leg stretches only lift a foot.
 */
const SEAT_PELVIS_Y = -lowestSole(forwardKinematics(MOTIONS.sitting(0), dimsOf('ben')));

export interface ScenePerson {
  readonly actor: ActorId;
  readonly motion: MotionKind;
  readonly phase: number;
  /** World space, mm. */
  readonly body: BodyPose;
}

/** Everyone in the scene at a frame, in a fixed order (Ana, Ben, Cleo). */
export function peopleAt(frame: number): ScenePerson[] {
  const out: ScenePerson[] = [];
  for (const actor of ACTORS) {
    const act = actor.act(frame);
    if (!act) continue;
    const local = forwardKinematics(MOTIONS[act.motion](act.phase), dimsOf(actor.id));
    const body =
      actor.id === 'ben'
        ? transformBody(local, rotY(STOOL.yaw), [STOOL.x, SEAT_PELVIS_Y, STOOL.z])
        : standOnFloor(local, actor.id === 'ana' ? walkPlacement(frame) : CLEO);
    out.push({ actor: actor.id, motion: act.motion, phase: act.phase, body });
  }
  return out;
}

/** The stool under Ben: seat top just under his pelvis, a little behind it. */
export function stoolGeometry(): { seatTop: Vec3; seatRadius: number; seatThickness: number } {
  const back = mulMat3Vec3(rotY(STOOL.yaw), [0, 0, -60]);
  return {
    seatTop: [STOOL.x + back[0], SEAT_PELVIS_Y - 105, STOOL.z + back[2]],
    seatRadius: 190,
    seatThickness: 45,
  };
}

/** Closest approach of any two people's pelvises over the sequence (mm). */
export function minSeparation(): number {
  let min = Infinity;
  for (let f = 0; f < FRAMES; f++) {
    const ps = peopleAt(f);
    for (let i = 0; i < ps.length; i++)
      for (let j = i + 1; j < ps.length; j++)
        min = Math.min(min, dist3(ps[i]!.body.joints[ROOT]!, ps[j]!.body.joints[ROOT]!));
  }
  return min;
}
