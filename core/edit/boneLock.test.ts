import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personArb } from '../../test/helpers/poseArbitraries';
import { cross3, dist3, norm3, sub3 } from '../linalg/vec';
import { MUPOTS_17 } from '../skeletons/mupots';
import { descendants, kinematicParents } from '../skeletons/tree';
import { jointIndex } from '../skeletons/types';
import type { Vec3 } from '../types';
import { boneLockMove } from './boneLock';

const parents = kinematicParents(MUPOTS_17);
const coord = fc.double({ min: -3000, max: 3000, noNaN: true });
const offset = fc.tuple(coord, coord, coord) as fc.Arbitrary<Vec3>;
const boneLengths = (pose: readonly Vec3[]) =>
  MUPOTS_17.bones.map(([a, b]) => dist3(pose[a]!, pose[b]!));

describe('bone-length lock', () => {
  it('keeps every bone length within 1e-6 mm wherever a joint is dragged', () => {
    fc.assert(
      fc.property(personArb, fc.integer({ min: 0, max: 16 }), offset, (pose, j, off) => {
        const target: Vec3 = [pose[j]![0] + off[0], pose[j]![1] + off[1], pose[j]![2] + off[2]];
        const moved = boneLockMove(pose, parents, j, target);
        const [before, after] = [boneLengths(pose), boneLengths(moved)];
        after.forEach((l, b) => expect(Math.abs(l - before[b]!)).toBeLessThan(1e-6));
        // Only the dragged joint's subtree moves.
        const subtree = new Set([j, ...descendants(parents, j)]);
        moved.forEach((p, k) => subtree.has(k) || expect(p).toBe(pose[k]));
        // The joint lands where the ray from its parent through the target meets the sphere.
        const parent = parents[j]!;
        if (parent >= 0) {
          const dir = sub3(target, pose[parent]!);
          const arm = sub3(moved[j]!, pose[parent]!);
          expect(norm3(cross3(dir, arm))).toBeLessThan(1e-6 * norm3(dir) * norm3(arm));
        } else {
          expect(dist3(moved[j]!, target)).toBeLessThan(1e-9);
        }
      }),
    );
  });

  it('turns the forearm with the elbow: the elbow angle is kept', () => {
    const pose: Vec3[] = Array.from({ length: 17 }, () => [0, 0, 3000]);
    const [s, e, w] = ['L_Shoulder', 'L_Elbow', 'L_Wrist'].map((n) => jointIndex(MUPOTS_17, n));
    pose[s!] = [0, 0, 3000];
    pose[e!] = [300, 0, 3000];
    pose[w!] = [300, 250, 3000];
    const moved = boneLockMove(pose, parents, e!, [0, 0, 2000]);
    expect(moved[e!]![0]).toBeCloseTo(0, 9);
    expect(moved[e!]![2]).toBeCloseTo(2700, 9);
    // A 90° turn about the axis ⟂ both bone directions (y): the forearm still points along +y.
    expect(moved[w!]![1]).toBeCloseTo(250, 9);
    expect(moved[w!]![2]).toBeCloseTo(2700, 9);
  });

  it('translates a root’s whole subtree and ignores a target on the parent', () => {
    fc.assert(
      fc.property(personArb, offset, (pose, off) => {
        const root = MUPOTS_17.root[0]!;
        const target: Vec3 = [
          pose[root]![0] + off[0],
          pose[root]![1] + off[1],
          pose[root]![2] + off[2],
        ];
        const moved = boneLockMove(pose, parents, root, target);
        moved.forEach((p, k) =>
          p.forEach((v, i) => expect(v - pose[k]![i]!).toBeCloseTo(off[i]!, 6)),
        );
        const knee = jointIndex(MUPOTS_17, 'L_Knee');
        expect(boneLockMove(pose, parents, knee, pose[parents[knee]!]!)).toBe(pose);
      }),
      { numRuns: 30 },
    );
  });
});
