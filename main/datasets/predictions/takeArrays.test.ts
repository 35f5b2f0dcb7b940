import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { H36M_17 } from '../../../core';
import { PyArray, npyPickled, type PyValue } from '../../../test/fixtures/pickleFixture';
import { npyNumbers, npz } from '../../../test/fixtures/npyFixture';
import { CountingIssueLog } from '../issueLog';
import type { PredictionRecord } from '../predictionFile';
import { JointOrder } from './jointOrder';
import { PREDICTION_FORMATS, readPredictionFile } from './readPredictionFile';
import type { ImageRef } from './takeFrames';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-takes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An .npz as np.savez_compressed writes VideoPose3D's dicts (and any numeric arrays beside). */
function npzFile(name: string, members: Record<string, PyValue | Buffer>): string {
  const file = join(tmp, name);
  mkdirSync(join(file, '..'), { recursive: true });
  const entries = Object.entries(members).map(([k, v]) => [
    k,
    Buffer.isBuffer(v) ? v : npyPickled(v),
  ]);
  writeFileSync(file, npz(Object.fromEntries(entries) as Record<string, Buffer>, true));
  return file;
}

const dict = (entries: [string, PyValue][]) => new Map(entries);

/** The 17 VideoPose3D keeps of Human3.6M's 32 joints, as common/h36m_dataset.py keeps them. */
const KEPT = [0, 1, 2, 3, 6, 7, 8, 12, 13, 14, 15, 17, 18, 19, 25, 26, 27];

/** Frame i's world joint j (metres): a body ~1.7 m tall, 10 cm further along x each frame. */
const world = (i: number, j: number) => [0.1 * i + 0.03 * j, -0.02 * j, 1.7 - 0.1 * j];

/** N frames of `data_3d_h36m.npz`'s N×32×3: the kept joints from `world`, the rest at 9 m. */
function mocap32(N: number): PyArray {
  const v: number[] = [];
  for (let i = 0; i < N; i++)
    for (let j = 0; j < 32; j++)
      v.push(...(KEPT.includes(j) ? world(i, KEPT.indexOf(j)) : [9, 9, 9]));
  return new PyArray([N, 32, 3], v);
}

/** N frames of J joints × D values: frame i, joint j, value d is i + j / 100 + d / 10000. */
const ramp = (N: number, J: number, D: number) =>
  new PyArray(
    [N, J, D],
    Array.from({ length: N * J * D }, (_, k) => {
      const [i, j, d] = [Math.floor(k / (J * D)), Math.floor(k / D) % J, k % D];
      return i + j / 100 + d / 10000;
    }),
  );

/** N frames of `world` in mm, as a camera-space N×17×3 array would hold them. */
const millimetres = (N: number) =>
  new PyArray(
    [N, 17, 3],
    Array.from({ length: N * 17 }, (_, k) =>
      world(Math.floor(k / 17), k % 17).map((x) => x * 1000),
    ).flat(),
  );

/** RootNet's images of S1 'Directions 1' (act 2, subact 1), cameras 1–2, every 5th frame to 11. */
const IMAGES: ImageRef[] = [1, 2].flatMap((c) =>
  [1, 6, 11].map((f) => {
    const folder = `s_01_act_02_subact_01_ca_0${c}`;
    return {
      sourceId: `${c}-${f}`,
      file: `images/${folder}/${folder}_${String(f).padStart(6, '0')}.jpg`,
    };
  }),
);

/** RootNet's camera 1 of S1 (Human36M_subject1_camera.json): X_cam = R·X_world + t, mm. */
const R1 = [
  [-0.9153617321513369, 0.40180836633680234, 0.02574754463350265],
  [0.051548117060134555, 0.1803735689384521, -0.9822464900705729],
  [-0.399319034032262, -0.8977836111057917, -0.185819527201491],
];
const T1 = [-346.05078140028075, 546.9807793144001, 5474.481087434061];

function read(file: string, images: readonly ImageRef[] | null = IMAGES) {
  const order = new JointOrder(H36M_17);
  const issues = new CountingIssueLog();
  const records: PredictionRecord[] = [];
  const r = readPredictionFile(file, order, issues, (p) => records.push(p), undefined, {
    images: images ?? undefined,
  });
  const problems = issues.summary().map((i) => [i.kind, i.count, i.examples[0]]);
  return { ...r, name: PREDICTION_FORMATS[r.format], order, records, problems };
}

const at = (r: PredictionRecord[], id: string) => r.find((p) => p.imageSourceId === id)!;

describe('VideoPose3D take-keyed arrays, paired with the Human3.6M images by take and frame', () => {
  it('reads data_3d_h36m.npz: 32 world joints in metres → the 17 kept, in mm, in each camera', () => {
    const file = npzFile('data_3d_h36m.npz', {
      positions_3d: dict([
        [
          'S1',
          dict([
            ['Directions 1', mocap32(12)],
            ['Directions', mocap32(12)],
          ]),
        ],
      ]),
    });
    const r = read(file);
    expect(r.format).toBe('videopose3d');
    expect(r.name).toMatch(/^VideoPose3D take-keyed arrays/);
    expect(r.problems).toEqual([]);
    expect(r.records.map((p) => p.imageSourceId).sort()).toEqual(
      IMAGES.map((i) => i.sourceId).sort(),
    );
    // Image …_000006.jpg of camera 1 is row 5, moved into camera 1 as RootNet's camera file does.
    const got = at(r.records, '1-6').jointsCam!;
    for (let j = 0; j < 17; j++) {
      const w = world(5, j).map((x) => x * 1000);
      for (let k = 0; k < 3; k++)
        expect(got[3 * j + k]).toBeCloseTo(
          R1[k]!.reduce((s, x, c) => s + x * w[c]!, T1[k]!),
          1,
        );
    }
    expect(r.notes).toEqual([
      'positions_3d: joints in the h36m layout',
      'positions_3d: poses in metres (bodies ~1/1000 of mm), scaled ×1000',
      // 2 takes × 12 frames × 4 cameras; the 6 images are used, subaction 2 has none.
      '90 of 96 frames have no image in the dataset: not used; 1 take with no image at all',
    ]);
  });

  it('reads data_2d_h36m_<detector>.npz: per-camera pixels in the layout its metadata names', () => {
    const file = npzFile('data_2d_h36m_detectron_pt_coco.npz', {
      positions_2d: dict([
        ['S1', dict([['Directions 1', [ramp(11, 17, 2), ramp(11, 17, 2), null, null]]])],
      ]),
      metadata: dict([
        ['layout_name', 'coco'],
        ['num_joints', 17],
        [
          'keypoints_symmetry',
          [
            [1, 3, 5, 7, 9, 11, 13, 15],
            [2, 4, 6, 8, 10, 12, 14, 16],
          ],
        ],
      ]),
    });
    const r = read(file);
    expect(r.problems).toEqual([]);
    expect(r.records).toHaveLength(6);
    const p = at(r.records, '2-11').jointsImg!;
    // COCO's left shoulder (5) is Human3.6M-17's L_Shoulder (11); the pelvis the mid-hip (11, 12).
    expect([p[22], p[23]]).toEqual([10 + 0.05, 10 + 0.05 + 0.0001].map((x) => Math.fround(x)));
    expect(p[0]).toBeCloseTo(10 + 0.115, 5);
    expect(r.order.describe()).toMatch(/^coco17 → h36m17 by anatomy/);
    expect(r.notes[0]).toBe('positions_2d: joints in the coco (metadata layout_name) layout');
  });

  it("takes prepare_data_h36m.py's ground-truth 2D (no layout_name) in Human3.6M-17 order", () => {
    const file = npzFile('data_2d_h36m_gt.npz', {
      positions_2d: dict([['S1', dict([['Directions 1', [ramp(11, 17, 2)]]])]]),
      metadata: dict([['num_joints', 17]]),
    });
    const r = read(file);
    expect(r.order.describe()).toBeNull();
    expect(Array.from(at(r.records, '1-1').jointsImg!.subarray(20, 22))).toEqual(
      [0.1, 0.1001].map((x) => Math.fround(x)),
    );
  });

  it('reads arrays of that shape under another name: camera mm per camera, as they are', () => {
    const file = npzFile('motionbert.npz', {
      predictions: dict([
        [
          'S1',
          // A list per take, or a take key naming its camera as Human3.6M's videos do.
          dict([
            ['Directions 1', [millimetres(11)]],
            ['Directions 1.55011271', millimetres(11)],
          ]),
        ],
      ]),
    });
    const r = read(file);
    expect(r.format).toBe('videopose3d');
    expect(r.records.map((p) => p.imageSourceId)).toEqual([
      '1-1',
      '1-6',
      '1-11',
      '2-1',
      '2-6',
      '2-11',
    ]);
    expect(Array.from(at(r.records, '2-6').jointsCam!.subarray(3, 6))).toEqual(
      world(5, 1).map((x) => Math.fround(x * 1000)),
    );
    expect(r.notes).toEqual([
      'predictions: joints in the h36m layout',
      '16 of 22 frames have no image in the dataset: not used',
    ]);
  });

  it('names every frame by its RootNet image when the image list is not given', () => {
    const file = npzFile('unpaired.npz', {
      positions_2d: dict([['S1', dict([['Directions', [ramp(3, 17, 2)]]])]]),
    });
    const r = read(file, null);
    expect(r.records.map((p) => p.imageName)).toEqual(
      [1, 2, 3].map((f) => `s_01_act_02_subact_02_ca_01/s_01_act_02_subact_02_ca_01_00000${f}`),
    );
  });
});

describe('bad take-keyed files say what and where', () => {
  it('refuses a take of the wrong length for its images, naming it, expected and found', () => {
    const file = npzFile('lengths.npz', {
      positions_2d: dict([['S1', dict([['Directions 1', [ramp(8, 17, 2), ramp(200, 17, 2)]]])]]),
    });
    const r = read(file);
    expect(r.records).toEqual([]);
    expect(r.problems).toEqual([
      [
        'invalid record',
        2,
        `${file}:positions_2d S1/Directions 1: take S1 'Directions 1' (act 2, subact 1) camera 1: expected at least 11 frames (its last image is frame 11), found 8`,
      ],
    ]);
    const issues = new CountingIssueLog();
    readPredictionFile(file, new JointOrder(H36M_17), issues, () => {}, undefined, {
      images: IMAGES,
    });
    // Images every 5th frame from the first cover the take: 200 frames are another take's.
    expect(issues.summary()[0]!.examples[1]).toMatch(
      /camera 2: expected 11–115 frames \(its images, every 5th frame up to 11, cover the take\), found 200$/,
    );
  });

  it('says which action name is unknown, and the known ones', () => {
    const file = npzFile('actions.npz', {
      positions_3d: dict([
        [
          'S1',
          dict([
            ['Jumping', mocap32(11)],
            ['Directions 1', mocap32(11)],
          ]),
        ],
      ]),
    });
    const r = read(file);
    expect(r.records).toHaveLength(6);
    expect(r.problems).toEqual([
      [
        'invalid record',
        1,
        expect.stringMatching(
          /actions\.npz:positions_3d S1\/Jumping: unknown action name 'Jumping' for S1; known: Directions 1, Directions, Discussion 1, .*WalkTogether$/,
        ),
      ],
    ]);
  });

  it('reports a take of the wrong joint count, and one its metadata contradicts', () => {
    const file = npzFile('joints.npz', {
      positions_3d: dict([
        [
          'S1',
          dict([
            ['Directions 1', mocap32(11)],
            ['Directions', ramp(11, 20, 3)],
          ]),
        ],
      ]),
    });
    expect(read(file).problems).toEqual([
      [
        'wrong joint count',
        1,
        `${file}:positions_3d S1/Directions: positions_3d has 20 joints, the dataset's skeleton 17; the file's layout h36m17 has 17`,
      ],
    ]);
    const meta = npzFile('meta.npz', {
      positions_2d: dict([['S1', dict([['Directions 1', [ramp(11, 17, 2)]]])]]),
      metadata: dict([
        ['layout_name', 'h36m'],
        ['num_joints', 16],
      ]),
    });
    expect(read(meta).problems).toEqual([
      [
        'wrong joint count',
        1,
        `${meta}:positions_2d S1/Directions 1 [camera 1]: 17 joints, the metadata's num_joints 16`,
      ],
    ]);
  });

  it('fails a malformed npz member naming the file and the member', () => {
    const broken = npzFile('broken.npz', {
      positions_3d: npyPickled(null, Buffer.from([0x80, 0x03, 0x63, 0x6e, 0x75])),
    });
    expect(() => read(broken)).toThrow(/broken\.npz:positions_3d: its pickle cannot be read/);
    const list = npzFile('list.npz', { positions_2d: [1, 2, 3] });
    expect(() => read(list)).toThrow(
      /list\.npz:positions_2d: not a dict of subjects \(S1, S5, …\) → actions → arrays/,
    );
    const flat = npzFile('flat.npz', {
      positions_2d: dict([['S1', dict([['Directions 1', ramp(11, 17, 2)]])]]),
      frame_rate: npyNumbers([50], [1], '<i8'),
    });
    expect(read(flat).problems).toEqual([
      [
        'invalid record',
        1,
        `${flat}:positions_2d S1/Directions 1: 11×17×2 array; expected a list of 4 per-camera N×J×2 (x, y pixels, or x, y, score)`,
      ],
    ]);
  });
});
