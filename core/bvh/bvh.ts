/**
 * BVH motion capture files (Biovision Hierarchy, as exported for the CMU Graphics Lab motion
 * capture database): a joint hierarchy with offsets and channel lists, then one line of channel
 * values per frame. Forward kinematics follows the format's own convention: a joint's rotation
 * channels compose in the order they are listed (`Zrotation Yrotation Xrotation` is
 * R = Rz·Ry·Rx, applied to column vectors), its world rotation is its parent's times its own,
 * and its world position is the parent's position plus the parent's world rotation applied to
 * the joint's offset (plus translation channels, when a joint has them). Units are the file's.
 */

export type BvhChannel =
  'Xposition' | 'Yposition' | 'Zposition' | 'Xrotation' | 'Yrotation' | 'Zrotation';

const CHANNELS = new Set<string>([
  'Xposition',
  'Yposition',
  'Zposition',
  'Xrotation',
  'Yrotation',
  'Zrotation',
]);

export interface BvhJoint {
  readonly name: string;
  /** Index of the parent joint, −1 for the root. */
  readonly parent: number;
  readonly offset: readonly [number, number, number];
  readonly channels: readonly BvhChannel[];
  /** Where this joint's channels start in a frame's values. */
  readonly channelOffset: number;
  /** An `End Site` (no channels), named `<parent>_End`. */
  readonly endSite: boolean;
}

export interface Bvh {
  readonly joints: readonly BvhJoint[];
  readonly frameCount: number;
  /** Seconds per frame. */
  readonly frameTime: number;
  /** Channel values per frame (degrees for rotations): frameCount × channelCount. */
  readonly motion: Float64Array;
  readonly channelCount: number;
}

export class BvhError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'BvhError';
  }
}

/** Parses a BVH file's text. Throws {@link BvhError} naming the line of the first problem. */
export function parseBvh(text: string): Bvh {
  const lines = text.split(/\r?\n/);
  let li = 0;
  const tokens: { t: string; line: number }[] = [];
  // The hierarchy is tokenised up to MOTION; frames are read line by line afterwards.
  for (; li < lines.length; li++) {
    const l = lines[li]!.trim();
    if (l === 'MOTION') break;
    for (const t of l.split(/\s+/)) if (t) tokens.push({ t, line: li + 1 });
  }
  if (li >= lines.length) throw new BvhError('no MOTION section', lines.length);
  let k = 0;
  const next = (): { t: string; line: number } => {
    const tok = tokens[k++];
    if (!tok) throw new BvhError('hierarchy ends early', li);
    return tok;
  };
  const num = (): number => {
    const tok = next();
    const v = Number(tok.t);
    if (!Number.isFinite(v)) throw new BvhError(`expected a number, got "${tok.t}"`, tok.line);
    return v;
  };
  const expect = (word: string) => {
    const tok = next();
    if (tok.t !== word) throw new BvhError(`expected "${word}", got "${tok.t}"`, tok.line);
  };

  const joints: BvhJoint[] = [];
  let channelCount = 0;
  const readJoint = (parent: number, endSite: boolean, name: string): void => {
    expect('{');
    expect('OFFSET');
    const offset = [num(), num(), num()] as const;
    const channels: BvhChannel[] = [];
    const index = joints.length;
    if (!endSite) {
      expect('CHANNELS');
      const tok = next();
      const n = Number(tok.t);
      if (!Number.isInteger(n) || n < 0)
        throw new BvhError(`bad channel count "${tok.t}"`, tok.line);
      for (let c = 0; c < n; c++) {
        const ch = next();
        if (!CHANNELS.has(ch.t)) throw new BvhError(`unknown channel "${ch.t}"`, ch.line);
        channels.push(ch.t as BvhChannel);
      }
    }
    joints.push({ name, parent, offset, channels, channelOffset: channelCount, endSite });
    channelCount += channels.length;
    for (;;) {
      const tok = next();
      if (tok.t === '}') return;
      if (tok.t === 'JOINT') readJoint(index, false, next().t);
      else if (tok.t === 'End') {
        expect('Site');
        readJoint(index, true, `${name}_End`);
      } else throw new BvhError(`unexpected "${tok.t}"`, tok.line);
    }
  };
  expect('HIERARCHY');
  expect('ROOT');
  readJoint(-1, false, next().t);
  if (k !== tokens.length) throw new BvhError('only one ROOT is supported', tokens[k]!.line);

  const header = (prefix: string): string => {
    li++;
    const l = (lines[li] ?? '').trim();
    if (!l.startsWith(prefix)) throw new BvhError(`expected "${prefix}"`, li + 1);
    return l.slice(prefix.length).trim();
  };
  const frameCount = Number(header('Frames:'));
  const frameTime = Number(header('Frame Time:'));
  if (!Number.isInteger(frameCount) || frameCount < 0) throw new BvhError('bad frame count', li);
  if (!(frameTime > 0)) throw new BvhError('bad frame time', li + 1);
  const motion = new Float64Array(frameCount * channelCount);
  for (let f = 0; f < frameCount; f++) {
    li++;
    const l = lines[li];
    if (l === undefined) throw new BvhError(`${frameCount} frames announced, ${f} found`, li);
    const parts = l.trim().split(/\s+/);
    if (parts.length !== channelCount)
      throw new BvhError(`frame ${f}: ${parts.length} values, ${channelCount} channels`, li + 1);
    for (let c = 0; c < channelCount; c++) {
      const v = Number(parts[c]);
      if (!Number.isFinite(v))
        throw new BvhError(`frame ${f}: "${parts[c]}" is not a number`, li + 1);
      motion[f * channelCount + c] = v;
    }
  }
  return { joints, frameCount, frameTime, motion, channelCount };
}

/** A 3×3 rotation, row-major. */
type Mat3 = Float64Array;

function mul(a: Mat3, b: Mat3, out: Mat3): Mat3 {
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      out[i * 3 + j] = a[i * 3]! * b[j]! + a[i * 3 + 1]! * b[3 + j]! + a[i * 3 + 2]! * b[6 + j]!;
  return out;
}

function axisRotation(axis: 'X' | 'Y' | 'Z', deg: number): Mat3 {
  const r = (deg * Math.PI) / 180;
  const c = Math.cos(r);
  const s = Math.sin(r);
  if (axis === 'X') return Float64Array.of(1, 0, 0, 0, c, -s, 0, s, c);
  if (axis === 'Y') return Float64Array.of(c, 0, s, 0, 1, 0, -s, 0, c);
  return Float64Array.of(c, -s, 0, s, c, 0, 0, 0, 1);
}

/** World rotations and positions of every joint (end sites included) for one frame. */
export interface BvhPose {
  /** J×3 positions, row-major, in the file's units. */
  readonly positions: Float64Array;
  /** J×9 world rotations, row-major 3×3 each. */
  readonly rotations: Float64Array;
}

/** Forward kinematics of frame `frame` (0-based). */
export function bvhForwardKinematics(bvh: Bvh, frame: number): BvhPose {
  if (!(frame >= 0 && frame < bvh.frameCount))
    throw new RangeError(`frame ${frame} outside 0..${bvh.frameCount - 1}`);
  const J = bvh.joints.length;
  const positions = new Float64Array(J * 3);
  const rotations = new Float64Array(J * 9);
  const values = bvh.motion.subarray(frame * bvh.channelCount, (frame + 1) * bvh.channelCount);
  let tmp = new Float64Array(9);
  bvh.joints.forEach((joint, j) => {
    let local: Mat3 = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
    const t = [joint.offset[0], joint.offset[1], joint.offset[2]];
    joint.channels.forEach((ch, c) => {
      const v = values[joint.channelOffset + c]!;
      const axis = ch[0] as 'X' | 'Y' | 'Z';
      if (ch.endsWith('position')) t['XYZ'.indexOf(axis)]! += v;
      else {
        local = mul(local, axisRotation(axis, v), tmp);
        tmp = local === tmp ? new Float64Array(9) : tmp;
      }
    });
    const world = rotations.subarray(j * 9, j * 9 + 9);
    if (joint.parent < 0) {
      world.set(local);
      positions.set(t, j * 3);
      return;
    }
    const pr = rotations.subarray(joint.parent * 9, joint.parent * 9 + 9);
    mul(pr, local, world);
    for (let i = 0; i < 3; i++)
      positions[j * 3 + i] =
        positions[joint.parent * 3 + i]! +
        pr[i * 3]! * t[0]! +
        pr[i * 3 + 1]! * t[1]! +
        pr[i * 3 + 2]! * t[2]!;
  });
  return { positions, rotations };
}

/** Index of a joint by name, or −1. */
export const bvhJointIndex = (bvh: Bvh, name: string): number =>
  bvh.joints.findIndex((j) => j.name === name);
