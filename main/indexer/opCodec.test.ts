import { describe, expect, it } from 'vitest';
import type { CameraRecord, ImageRecord, InstanceRecord } from '../datasets/records';
import { decodeOps, OpEncoder, type OpBatch, type WorldPoses } from './opCodec';

type Call = readonly [string, ...unknown[]];

function recorder() {
  const calls: Call[] = [];
  return {
    calls,
    sink: {
      camera: (r: CameraRecord) => calls.push(['camera', r]),
      image: (r: ImageRecord) => calls.push(['image', r]),
      instance: (r: InstanceRecord) =>
        calls.push([
          'instance',
          {
            ...r,
            joints3d: r.joints3d && Array.from(r.joints3d),
            joints2d: r.joints2d && Array.from(r.joints2d),
            vis: r.vis && Array.from(r.vis),
          },
        ]),
      fileValue: (f: string, p: string, t: string) => calls.push(['fileValue', f, p, t]),
    },
    ctx: {
      issues: { report: (k: string, w: string) => calls.push(['issue', k, w]) },
      onBytes: (n: number) => calls.push(['bytes', n]),
    },
  };
}

const camera: CameraRecord = {
  key: 'S1/1',
  f: [1145.5, 1144.8],
  c: [512.5, 515.4],
  R: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  t: [1, 2, 3],
  raw: '{"f":[1145.5,1144.8]}',
};
const image: ImageRecord = {
  sourceId: '17',
  file: 'images/a ü/b.jpg',
  width: 1000,
  height: undefined,
  cameraKey: 'S1/1',
  subject: 'S1',
  action: undefined,
  sequence: '',
  camera: '1',
  frame: 0,
  scene: 'S1 Walking 1',
  missing: true,
  raw: null,
};
const instance: InstanceRecord = {
  imageSourceId: '17',
  sourceId: '3',
  person: 1,
  bbox: [1.5, -2, 3e-9, 4],
  iscrowd: false,
  space: 'world',
  joints3d: Float64Array.from([1.1, NaN, -0, 1e300]),
  joints2d: undefined,
  vis: Uint8Array.from([0, 1, 2]),
  valid: true,
  flags: 5,
  raw: '{"id":3,"note":"😀"}',
};

describe('OpEncoder / decodeOps', () => {
  it('replays every kind of call, in order, with the same values', () => {
    const direct = recorder();
    const replayed = recorder();
    const batches: OpBatch[] = [];
    const enc = new OpEncoder(3, (b) => batches.push(b));
    for (const target of [direct, { sink: enc, ctx: enc }]) {
      target.sink.camera(camera);
      target.sink.image(image);
      target.sink.instance(instance);
      target.sink.fileValue('annotations/x.json', 'info/version', '"1.0"');
      target.ctx.issues.report('missing image file', 'images/a ü/b.jpg');
      target.ctx.onBytes(4096);
      target.sink.instance({ ...instance, bbox: undefined, joints3d: undefined, raw: null });
      // Records cut to their residual say so (nothing left: null).
      target.sink.image({ ...image, raw: '{"fps":50}', residual: true });
      target.sink.instance({ ...instance, raw: null, residual: true });
    }
    enc.drain();
    expect(batches.map((b) => b.count)).toEqual([3, 3, 3]);
    const poses: WorldPoses = [];
    for (const b of batches) decodeOps(b, replayed.sink, replayed.ctx, poses);
    expect(replayed.calls).toEqual(direct.calls);
  });

  it("hands the views of a moment one world pose, sent once, and no unit another's", () => {
    const got: (Float64Array | undefined)[] = [];
    const sink = {
      camera: () => {},
      image: () => {},
      fileValue: () => {},
      instance: (r: InstanceRecord) => got.push(r.joints3d),
    };
    const ctx = { issues: { report: () => {} }, onBytes: () => {} };
    const batches: OpBatch[] = [];
    const enc = new OpEncoder(2, (b) => batches.push(b));
    const other = { ...instance, joints3d: Float64Array.from([7, 8, 9]) };
    for (const r of [instance, other, instance, { ...instance, space: 'camera' as const }])
      enc.instance(r);
    enc.drain();
    const poses: WorldPoses = [];
    for (const b of batches) decodeOps(b, sink, ctx, poses);
    expect(got.map((a) => a && Array.from(a))).toEqual([
      ...[instance, other, instance, instance].map((r) => Array.from(r.joints3d!)),
    ]);
    // The third is the first's array, across batches; camera-space joints are never shared.
    expect(got[2]).toBe(got[0]);
    expect(got[3]).not.toBe(got[0]);
    expect(poses).toHaveLength(2);
    // The third view's pose went as a reference (2 numbers), not its length and 4 values.
    const sent = (third: InstanceRecord) => {
      const out: OpBatch[] = [];
      const e = new OpEncoder(10, (b) => out.push(b));
      for (const r of [instance, other, third]) e.instance(r);
      e.drain();
      return out[0]!.nums.length;
    };
    expect(sent({ ...instance, joints3d: instance.joints3d!.slice() }) - sent(instance)).toBe(3);

    // A new unit starts afresh: its first view carries its pose again.
    const next: OpBatch[] = [];
    const enc2 = new OpEncoder(10, (b) => next.push(b));
    enc2.instance(instance);
    enc2.startUnit();
    enc2.instance(instance);
    enc2.drain();
    got.length = 0;
    const fresh: WorldPoses = [];
    decodeOps(next[0]!, sink, ctx, fresh);
    expect(fresh).toHaveLength(2);
    expect(got[1]).not.toBe(got[0]);
  });

  it('drains nothing when nothing is collected', () => {
    const batches: OpBatch[] = [];
    new OpEncoder(10, (b) => batches.push(b)).drain();
    expect(batches).toEqual([]);
  });
});
