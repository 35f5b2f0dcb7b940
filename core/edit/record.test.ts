import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personArb } from '../../test/helpers/poseArbitraries';
import { projectPose } from '../camera';
import { MUPOTS_17 } from '../skeletons/mupots';
import { kinematicParents } from '../skeletons/tree';
import type { Vec2, Vec3 } from '../types';
import { boneLockMove } from './boneLock';
import { rayDrag } from './rayDrag';
import {
  applyEdit,
  editConflicts,
  invertEdit,
  isNoOpEdit,
  recordEdit,
  type EditRecord,
} from './record';
import { setRootDepth } from './rootDepth';
import type { PersonJoints } from './types';

const intr = { f: [1000, 1000], c: [500, 500] } as const;
const parents = kinematicParents(MUPOTS_17);
const personOf = (joints3d: readonly Vec3[]): PersonJoints => ({
  joints3d,
  joints2d: projectPose(joints3d, intr),
});
/** Through JSON, as the edit log and patches store it. */
const stored = (e: EditRecord): EditRecord => JSON.parse(JSON.stringify(e)) as EditRecord;
/** JSON writes −0 as 0; the only difference a stored edit may make. */
const zeroSigned = (p: PersonJoints): PersonJoints => ({
  joints3d: p.joints3d?.map((v) => v.map((x) => x + 0) as unknown as Vec3) ?? null,
  joints2d: p.joints2d?.map((v) => v.map((x) => x + 0) as unknown as Vec2) ?? null,
});

describe('edit records', () => {
  it('apply then invert gives back the person exactly (through JSON, up to the sign of zero)', () => {
    fc.assert(
      fc.property(personArb, fc.integer({ min: 0, max: 16 }), (pose, j) => {
        const person = personOf(pose);
        const target: Vec3 = [pose[j]![0] + 200, pose[j]![1] - 100, pose[j]![2] + 300];
        for (const [tool, after] of [
          ['bone-lock', { ...person, joints3d: boneLockMove(pose, parents, j, target) }],
          ['ray-drag', { ...person, joints3d: rayDrag(pose, j, 4321) }],
          ['root-depth', personOf(setRootDepth(pose, MUPOTS_17.root, 6000))],
        ] as const) {
          const edit = recordEdit(7, tool, j, person, after);
          expect(applyEdit(person, edit)).toEqual(after);
          expect(applyEdit(applyEdit(person, edit), invertEdit(edit))).toEqual(person);
          const json = stored(edit);
          const undone = applyEdit(applyEdit(person, json), invertEdit(json));
          expect(zeroSigned(undone)).toEqual(zeroSigned(person));
          expect(editConflicts(person, json)).toEqual([]);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('records only the joints that changed, missing joints as null', () => {
    const person = personOf([
      [0, 0, 1000],
      [NaN, NaN, NaN],
      [5, 5, 2000],
    ]);
    const after = {
      ...person,
      joints3d: [person.joints3d![0]!, [1, 2, 3000] as Vec3, person.joints3d![2]!],
    };
    const edit = recordEdit(3, 'accept-prediction', 1, person, after);
    expect(edit).toEqual({
      instanceId: 3,
      joint: 1,
      tool: 'accept-prediction',
      before: { joints3d: [[1, null]], joints2d: [] },
      after: { joints3d: [[1, [1, 2, 3000]]], joints2d: [] },
    });
    const undone = applyEdit(applyEdit(person, edit), invertEdit(stored(edit)));
    expect(undone).toEqual(person);
    expect(isNoOpEdit(edit)).toBe(false);
    expect(isNoOpEdit(recordEdit(3, 'ray-drag', 0, person, person))).toBe(true);
  });

  it('rebuilds a channel that appears or disappears', () => {
    const person: PersonJoints = {
      joints3d: null,
      joints2d: [
        [1, 2],
        [NaN, NaN],
      ],
    };
    const after: PersonJoints = {
      ...person,
      joints3d: [
        [0, 0, 1],
        [NaN, NaN, NaN],
      ],
    };
    const edit = stored(recordEdit(1, 'accept-prediction', null, person, after));
    expect(applyEdit(person, edit)).toEqual(after);
    expect(applyEdit(after, invertEdit(edit))).toEqual(person);
  });

  it('reports conflicts where the person no longer holds what the edit found', () => {
    const person = personOf([
      [0, 0, 1000],
      [10, 0, 1000],
    ]);
    const edit = recordEdit(1, 'ray-drag', 1, person, {
      ...person,
      joints3d: rayDrag(person.joints3d!, 1, 2000),
    });
    const meanwhile = { ...person, joints3d: rayDrag(person.joints3d!, 1, 1500) };
    expect(editConflicts(meanwhile, edit)).toEqual([{ channel: 'joints3d', joint: 1 }]);
    expect(editConflicts({ ...person, joints3d: null }, edit)).toEqual([
      { channel: 'joints3d', joint: null },
    ]);
    expect(() => applyEdit({ ...person, joints3d: null }, edit)).toThrow(/lacks/);
    expect(() =>
      recordEdit(1, 'ray-drag', 1, person, { ...person, joints3d: [[0, 0, 1]] }),
    ).toThrow(/joint count/);
  });

  it('adds and deletes a person: presence is a channel, undone like any other', () => {
    const blank: PersonJoints = {
      joints3d: null,
      joints2d: null,
      vis: null,
      bbox: null,
      present: false,
    };
    const added: PersonJoints = {
      ...personOf([
        [0, 0, 3000],
        [100, 0, 3000],
      ]),
      vis: [2, 1],
      bbox: [400, 450, 80, 100],
      present: true,
    };
    const add = stored(recordEdit(9, 'add-person', null, blank, added));
    expect(add.before.present).toEqual([[0, [0]]]);
    expect(add.after.present).toEqual([[0, [1]]]);
    expect(applyEdit(blank, add)).toEqual(added);
    expect(applyEdit(added, invertEdit(add))).toEqual(blank);
    expect(editConflicts(blank, add)).toEqual([]);
    // Replaying the add on a person already there is a conflict, not a silent overwrite.
    expect(editConflicts(added, add)).toContainEqual({ channel: 'present', joint: 0 });

    const del = stored(recordEdit(9, 'delete-person', null, added, { ...added, present: false }));
    expect(isNoOpEdit(del)).toBe(false);
    expect(del.after).toEqual({ joints3d: [], joints2d: [], present: [[0, [0]]] });
    expect(applyEdit(added, del)).toEqual({ ...added, present: false });
    expect(applyEdit({ ...added, present: false }, invertEdit(del))).toEqual(added);
    // Other edits leave presence out of the record.
    const moved = recordEdit(9, 'edit-box', null, added, { ...added, bbox: [0, 0, 1, 1] });
    expect(moved.after.present).toBeUndefined();
  });
});
