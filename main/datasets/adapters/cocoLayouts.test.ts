import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getSkeleton, type SkeletonId } from '../../../core';
import { RunScorer } from '../../eval/runScorer';
import { indexDataset } from '../../indexer/indexDataset';
import { datasetByRoot } from '../../store/datasets/datasets';
import { groundTruthImages, type GtImage } from '../../store/labels/groundTruth';
import { openIndex } from '../../store/db/openIndex';
import { ADAPTERS, detectFormat } from '../detect';

// Fixtures are built here from each layout's published field layout (COCO's data format, the
// layouts' `categories[0].keypoints` names as their files or MMPose's configs spell them, and
// COCO-WholeBody's data_format.md); no annotation is copied from a dataset.

const tmp = mkdtempSync(join(tmpdir(), 'posescope-layouts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const COCO_NAMES = [
  'nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder', 'right_shoulder',
  'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee',
  'right_knee', 'left_ankle', 'right_ankle',
]; // prettier-ignore
const CROWDPOSE_NAMES = [
  'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist',
  'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle', 'head', 'neck',
]; // prettier-ignore
const MPII_NAMES = [
  'right_ankle', 'right_knee', 'right_hip', 'left_hip', 'left_knee', 'left_ankle', 'pelvis',
  'thorax', 'upper_neck', 'head_top', 'right_wrist', 'right_elbow', 'right_shoulder',
  'left_shoulder', 'left_elbow', 'left_wrist',
]; // prettier-ignore
const HALPE_NAMES = [
  ...COCO_NAMES, 'head', 'neck', 'hip', 'left_big_toe', 'right_big_toe', 'left_small_toe',
  'right_small_toe', 'left_heel', 'right_heel',
]; // prettier-ignore

/** The published σ lists, written out (not imported) so a wrong list in core shows. */
const SIGMAS: Partial<Record<SkeletonId, number[]>> = {
  coco17: [
    0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072, 0.062, 0.062, 0.107, 0.107,
    0.087, 0.087, 0.089, 0.089,
  ],
  crowdpose14: [
    0.79, 0.79, 0.72, 0.72, 0.62, 0.62, 1.07, 1.07, 0.87, 0.87, 0.89, 0.89, 0.79, 0.79,
  ].map((v) => v / 10),
  halpe26: [
    0.26, 0.25, 0.25, 0.35, 0.35, 0.79, 0.79, 0.72, 0.72, 0.62, 0.62, 1.07, 1.07, 0.87, 0.87, 0.89,
    0.89, 0.8, 0.8, 0.8, 0.89, 0.89, 0.89, 0.89, 0.89, 0.89,
  ].map((v) => v / 10),
};

/** Joint j of person k: distinct, inside a 640×480 image. */
const at = (k: number, j: number) => [20 + 3 * j + k, 30 + 2 * j + 5 * k] as const;
const kp = (k: number, joints: number, from = 0) =>
  Array.from({ length: joints }, (_, j) => [...at(k, from + j), 2]).flat();

const AREA = 4000;
const image = (id: number) => ({ id, file_name: `${id}.jpg`, width: 640, height: 480 });
const annotation = (id: number, imageId: number, fields: Record<string, unknown>) => ({
  id,
  image_id: imageId,
  category_id: 1,
  iscrowd: 0,
  area: AREA,
  bbox: [10, 20, 120, 90],
  ...fields,
});

/** A folder holding one COCO-style keypoint file (and no images: they are flagged missing). */
function folder(name: string, file: string, content: unknown): { dir: string; db: string } {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), JSON.stringify(content));
  return { dir, db: join(tmp, `${name}.sqlite`) };
}

const category = (names: string[] | undefined) => ({
  id: 1,
  name: 'person',
  supercategory: 'person',
  ...(names ? { keypoints: names, skeleton: [[1, 2]] } : {}),
});

/** A two-image file in a layout: one person per image, `joints` keypoints each. */
function layoutFile(names: string[] | undefined, joints: number) {
  return {
    images: [image(1), image(2)],
    annotations: [1, 2].map((k) =>
      annotation(100 + k, k, { num_keypoints: joints, keypoints: kp(k, joints) }),
    ),
    categories: [category(names)],
  };
}

function firstImage(dir: string, dbFile: string): GtImage {
  const db = openIndex(dbFile);
  try {
    const ds = datasetByRoot(db, dir)!;
    return groundTruthImages(db, ds.id, 'coco').next().value as GtImage;
  } finally {
    db.close();
  }
}

/** mean OKS of a prediction `dx` px right of every joint of the image's person, as the scorer gives it. */
function meanOks(skeleton: SkeletonId, im: GtImage, dx: number) {
  const scorer = new RunScorer({ id: 1, format: 'coco', skeleton }, 1);
  const gt = im.people[0]!;
  scorer.image(im, [
    {
      imageSourceId: im.sourceId,
      index: 0,
      score: 0.9,
      jointsImg: Float64Array.from(gt.img!.flatMap(([x, y]) => [x + dx, y])),
    },
  ]);
  return scorer.summary() as {
    mean_OKS: number | null;
    protocols: { id: string; note: string | null }[];
  };
}

/** OKS of a shift of `dx` px at every joint, from the σ list (cocoapi's formula). */
const expectedOks = (sigmas: number[], dx: number) =>
  sigmas.reduce((s, sg) => s + Math.exp(-(dx * dx) / (2 * AREA * (2 * sg) ** 2)), 0) /
  sigmas.length;

describe('COCO-style keypoint files in every known layout', () => {
  it.each([
    ['COCO-17', 'coco17', COCO_NAMES, 'person_keypoints_val2017.json'],
    [
      'OCHuman (COCO-17 names)',
      'coco17',
      COCO_NAMES,
      'ochuman_coco_format_val_range_0.00_1.00.json',
    ],
    ['CrowdPose-14', 'crowdpose14', CROWDPOSE_NAMES, 'crowdpose_val.json'],
    ['MPII-16, COCO-style', 'mpii16', MPII_NAMES, 'mpii_val_coco.json'],
    ['Halpe-26', 'halpe26', HALPE_NAMES, 'halpe26_val.json'],
  ] as const)('%s: indexed with its skeleton, joints in its order', (_, id, names, file) => {
    const { dir, db } = folder(`layout-${id}-${file}`, file, layoutFile([...names], names.length));
    expect(detectFormat(dir)).toBe('coco');
    const s = indexDataset({ root: dir, dbFile: db });
    expect(s).toMatchObject({ format: 'coco', skeleton: id, images: 2, people: 2, failed: [] });
    expect(s.issues.filter((i) => i.kind !== 'missing image file')).toEqual([]);
    const skeleton = getSkeleton(id);
    expect(skeleton.joints).toHaveLength(names.length);
    const im = firstImage(dir, db);
    expect(im.people[0]!.img).toEqual(names.map((_n, j) => [...at(1, j)]));
    expect([...im.people[0]!.vis!]).toEqual(names.map(() => 2));
    // OKS scoring uses the layout's own constants.
    const r = meanOks(id, im, 4);
    const sigmas = SIGMAS[id];
    if (sigmas) {
      expect(r.mean_OKS).toBeCloseTo(expectedOks(sigmas, 4), 12);
      expect(r.protocols.find((p) => p.id === 'coco')?.note).toBeNull();
    } else {
      // MPII-16 publishes no OKS constants: COCO's by anatomy, 0.079 for the rest, and a note.
      const coco = SIGMAS.coco17!;
      const byName: Record<string, number> = {
        right_ankle: coco[16]!, right_knee: coco[14]!, right_hip: coco[12]!, left_hip: coco[11]!,
        left_knee: coco[13]!, left_ankle: coco[15]!, right_wrist: coco[10]!, right_elbow: coco[8]!,
        right_shoulder: coco[6]!, left_shoulder: coco[5]!, left_elbow: coco[7]!, left_wrist: coco[9]!,
      }; // prettier-ignore
      expect(r.mean_OKS).toBeCloseTo(
        expectedOks(
          names.map((n) => byName[n] ?? 0.079),
          4,
        ),
        12,
      );
      expect(r.protocols.find((p) => p.id === 'coco')?.note).toMatch(
        /MPII-16 layout publishes no OKS constants: scored with COCO's σ for the joints COCO has, 0\.079 for the others/,
      );
    }
  });

  it('COCO-WholeBody: body, foot, face and hand fields joined into 133 joints, scored with its σ', () => {
    const parts = (k: number) => ({
      num_keypoints: 17,
      keypoints: kp(k, 17),
      foot_kpts: kp(k, 6, 17),
      face_kpts: kp(k, 68, 23),
      lefthand_kpts: kp(k, 21, 91),
      righthand_kpts: kp(k, 21, 112),
      face_box: [0, 0, 10, 10],
      face_valid: true,
      lefthand_valid: true,
      righthand_valid: true,
      foot_valid: true,
    });
    // The release's category is COCO's, cloned: its 17 body names.
    const { dir, db } = folder('wholebody', 'coco_wholebody_val_v1.0.json', {
      images: [image(1), image(2)],
      annotations: [annotation(101, 1, parts(1)), annotation(102, 2, parts(2))],
      categories: [category(COCO_NAMES)],
    });
    const s = indexDataset({ root: dir, dbFile: db });
    expect(s).toMatchObject({ skeleton: 'wholebody133', people: 2, failed: [] });
    const im = firstImage(dir, db);
    expect(im.people[0]!.img).toHaveLength(133);
    expect(im.people[0]!.img).toEqual(Array.from({ length: 133 }, (_, j) => [...at(1, j)]));
    const sk = getSkeleton('wholebody133');
    expect([sk.joints[17]!.name, sk.joints[23]!.name, sk.joints[91]!.name]).toEqual([
      'left_big_toe',
      'face-0',
      'left_hand_root',
    ]);
    // COCO-WholeBody evaluation/myeval_wholebody.py: body + foot + face + lefthand + righthand.
    const hand = [
      0.029, 0.022, 0.035, 0.037, 0.047, 0.026, 0.025, 0.024, 0.035, 0.018, 0.024, 0.022, 0.026,
      0.017, 0.021, 0.021, 0.032, 0.02, 0.019, 0.022, 0.031,
    ];
    const face = [
      0.042, 0.043, 0.044, 0.043, 0.04, 0.035, 0.031, 0.025, 0.02, 0.023, 0.029, 0.032, 0.037,
      0.038, 0.043, 0.041, 0.045, 0.013, 0.012, 0.011, 0.011, 0.012, 0.012, 0.011, 0.011, 0.013,
      0.015, 0.009, 0.007, 0.007, 0.007, 0.012, 0.009, 0.008, 0.016, 0.01, 0.017, 0.011, 0.009,
      0.011, 0.009, 0.007, 0.013, 0.008, 0.011, 0.012, 0.01, 0.034, 0.008, 0.008, 0.009, 0.008,
      0.008, 0.007, 0.01, 0.008, 0.009, 0.009, 0.009, 0.007, 0.007, 0.008, 0.011, 0.008, 0.008,
      0.008, 0.01, 0.008,
    ];
    const sigmas = [
      ...SIGMAS.coco17!,
      0.068,
      0.066,
      0.066,
      0.092,
      0.094,
      0.094,
      ...face,
      ...hand,
      ...hand,
    ];
    expect(meanOks('wholebody133', im, 2).mean_OKS).toBeCloseTo(expectedOks(sigmas, 2), 12);
  });

  it('a file that names no keypoints is COCO-17, as before', () => {
    const { dir, db } = folder('nonames', 'person_keypoints_x.json', layoutFile(undefined, 17));
    expect(indexDataset({ root: dir, dbFile: db })).toMatchObject({
      skeleton: 'coco17',
      people: 2,
    });
  });

  it('flags a person whose keypoint count is not the layout’s, naming both', () => {
    const content = layoutFile(CROWDPOSE_NAMES, 14);
    (content.annotations[1] as Record<string, unknown>).keypoints = kp(2, 17);
    const { dir, db } = folder('crowd-wrong', 'crowdpose_val.json', content);
    const s = indexDataset({ root: dir, dbFile: db });
    expect(s).toMatchObject({ skeleton: 'crowdpose14', people: 2, flagged: 2, failed: [] });
    expect(s.issues.find((i) => i.kind === 'wrong joint count')).toEqual({
      kind: 'wrong joint count',
      count: 1,
      examples: [
        `${join(dir, 'crowdpose_val.json')} annotations[1]: 51 keypoint values, expected 14×3 (CrowdPose-14)`,
      ],
    });
  });

  describe('a layout no built-in skeleton has: the skeleton its file defines', () => {
    // MPII-TRB-like: 14 named body joints (6 of them with names of known anatomy), 26 contour
    // points, and a 1-based category skeleton as cocoapi writes it.
    const named = ['right_shoulder', 'left_shoulder', 'right_elbow', 'left_elbow', 'right_wrist',
      'left_wrist', 'r_hipbone', 'l_hipbone', 'rknee_out', 'lknee_out', 'r_foot', 'l_foot',
      'head_top', 'neck']; // prettier-ignore
    const names = [...named, ...Array.from({ length: 26 }, (_, j) => `contour_${j}`)];
    const bones = [[1, 3], [3, 5], [2, 4], [4, 6], [1, 14], [2, 14], [13, 14], [15, 16], [40, 39]]; // prettier-ignore
    const file = (jointNames: string[], skeleton: unknown) => {
      const content = layoutFile(jointNames, jointNames.length);
      content.categories = [{ ...category(jointNames), name: 'trb', skeleton } as never];
      return content;
    };

    it('indexes, draws and scores it: names, 0-based bones, sides, anatomy, per-joint tables', () => {
      const { dir, db } = folder('trb', 'mpii_trb_val.json', file(names, bones));
      expect(detectFormat(dir)).toBe('coco');
      const s = indexDataset({ root: dir, dbFile: db });
      expect(s).toMatchObject({ format: 'coco', people: 2, failed: [] });
      expect(s.skeleton).toMatch(/^file-[0-9a-f]{8}$/);
      expect(s.note).toMatch(
        /no built-in layout has these 40 joints: using the skeleton the file defines \(file-[0-9a-f]{8}, 9 bones\); 8 joints map onto known anatomy, 32 are its own/,
      );
      const sk = getSkeleton(s.skeleton);
      expect(sk.label).toBe('trb (40 joints, from the file)');
      expect(sk.joints.map((j) => j.name)).toEqual(names);
      expect(sk.bones.slice(0, 2)).toEqual([
        [0, 2],
        [2, 4],
      ]);
      expect(sk.bones.at(-1)).toEqual([39, 38]);
      expect(sk.joints.slice(0, 2).map((j) => j.key)).toEqual(['r_shoulder', 'l_shoulder']);
      expect(sk.joints[12]!.key).toBe('head_top');
      expect(sk.joints[13]!.key).toBe('thorax');
      expect(sk.joints[6]!.key).toBe('file_r_righthipbone');
      // Mirror pairs from the names, left first: shoulders, elbows, wrists and the file's own.
      expect(sk.flipPairs).toContainEqual([1, 0]);
      expect(sk.flipPairs).toContainEqual([7, 6]);
      expect(sk.flipPairs).toHaveLength(6);
      // The row carries the definition: a process that never read the file gets it from the index.
      const reader = openIndex(db, { readonly: true });
      const row = datasetByRoot(reader, dir)!;
      reader.close();
      expect(row.skeleton).toBe(s.skeleton);
      expect(row.skeletonSpec).toEqual({
        label: 'trb (40 joints, from the file)',
        joints: names,
        bones: bones.map(([a, b]) => [a! - 1, b! - 1]),
        source: 'mpii_trb_val.json',
      });
      const im = firstImage(dir, db);
      expect(im.people[0]!.img).toEqual(names.map((_n, j) => [...at(1, j)]));
      // Scored with COCO's σ for its shoulders, elbows and wrists, 0.079 for the rest, said so.
      const r = meanOks(s.skeleton as SkeletonId, im, 4) as ReturnType<typeof meanOks> & {
        per_joint: { joint: string; PCK2D: number | null }[];
      };
      const coco = SIGMAS.coco17!;
      const sigmas = names.map(
        (_, j) => [coco[6], coco[5], coco[8], coco[7], coco[10], coco[9]][j] ?? 0.079,
      );
      expect(r.mean_OKS).toBeCloseTo(expectedOks(sigmas as number[], 4), 12);
      expect(r.protocols.find((p) => p.id === 'coco')?.note).toMatch(
        /trb \(40 joints, from the file\) layout publishes no OKS constants/,
      );
      expect(r.per_joint).toHaveLength(40);
      expect(r.per_joint[0]).toMatchObject({ joint: 'right_shoulder', PCK2D: 100 });
    });

    it('takes a category skeleton that uses joint 0 as 0-based, and one without as unlinked joints', () => {
      const zero = folder(
        'trb0',
        'trb0.json',
        file(names, [
          [0, 2],
          [2, 4],
        ]),
      );
      expect(getSkeleton(indexDataset({ root: zero.dir, dbFile: zero.db }).skeleton).bones).toEqual(
        [
          [0, 2],
          [2, 4],
        ],
      );
      const none = folder('trb-none', 'trb_none.json', file(names, undefined));
      const s = indexDataset({ root: none.dir, dbFile: none.db });
      expect(getSkeleton(s.skeleton).bones).toEqual([]);
      expect(s.note).toMatch(/its category has no skeleton, joints drawn unlinked/);
    });

    it('refuses a category skeleton that links joints the category does not have, or is not pairs', () => {
      const out = folder('trb-out', 'trb_out.json', file(names, [[1, 41]]));
      expect(() => indexDataset({ root: out.dir, dbFile: out.db })).toThrow(
        /^trb_out\.json: keypoint category: its skeleton links joints 0–40, outside 0…39$/,
      );
      const bad = folder('trb-bad', 'trb_bad.json', file(names, [[1, 2, 3]]));
      expect(() => indexDataset({ root: bad.dir, dbFile: bad.db })).toThrow(
        /^trb_bad\.json: its keypoint category's "skeleton" is not a list of joint index pairs$/,
      );
    });

    it('refuses a folder holding two different file-defined layouts', () => {
      const { dir, db } = folder('trb-two', 'a.json', file(names, bones));
      writeFileSync(join(dir, 'b.json'), JSON.stringify(file(names.slice(0, 20), [])));
      expect(() => indexDataset({ root: dir, dbFile: db })).toThrow(
        /holds keypoint files of different layouts \(file-[0-9a-f]{8}: a\.json; file-[0-9a-f]{8}: b\.json\)/,
      );
    });
  });

  it('refuses a folder whose files hold different layouts', () => {
    const { dir, db } = folder('mixed', 'person_keypoints_a.json', layoutFile(COCO_NAMES, 17));
    writeFileSync(join(dir, 'crowdpose_b.json'), JSON.stringify(layoutFile(CROWDPOSE_NAMES, 14)));
    expect(() => indexDataset({ root: dir, dbFile: db })).toThrow(
      /holds keypoint files of different layouts \(crowdpose14: crowdpose_b\.json; coco17: person_keypoints_a\.json\): index each layout from its own folder/,
    );
  });

  it('fails a file none of whose annotations gives a person, with the count and first reason', () => {
    const content = layoutFile(COCO_NAMES, 17);
    const bad = content.annotations.map((a) => ({ ...a, bbox: 'a box' }));
    const { dir, db } = folder('all-bad', 'person_keypoints_bad.json', {
      ...content,
      annotations: bad,
    });
    const s = indexDataset({ root: dir, dbFile: db });
    expect(s.failed).toEqual([
      {
        unit: 'person_keypoints_bad.json',
        error: expect.stringMatching(
          /^person_keypoints_bad\.json: none of its 2 annotations gave a person with keypoints \(2 problems, first: invalid record: .*annotations\[0\]: bbox: /,
        ),
      },
    ]);
    expect(s.people).toBe(0);
  });

  it('reads categories kept at the end of a file larger than what is sniffed', () => {
    // 3 MiB of images before the annotations and categories: the layout comes from the tail.
    const images = Array.from({ length: 40000 }, (_, i) => ({
      ...image(i + 1),
      coco_url: 'x'.repeat(20),
    }));
    const content = { ...layoutFile(CROWDPOSE_NAMES, 14), images };
    const { dir, db } = folder('large', 'crowdpose_train.json', content);
    expect(ADAPTERS.coco.listUnits(dir)).toEqual([
      { key: 'crowdpose_train.json', files: ['crowdpose_train.json'] },
    ]);
    expect(indexDataset({ root: dir, dbFile: db })).toMatchObject({
      skeleton: 'crowdpose14',
      people: 2,
    });
  });
});

describe('detection is loud', () => {
  it('refuses a folder of annotation files no reader knows, listing them and the known layouts', () => {
    const dir = join(tmp, 'mpii-list');
    mkdirSync(join(dir, 'images'), { recursive: true });
    writeFileSync(join(dir, 'images', 'a.jpg'), 'x');
    writeFileSync(
      join(dir, 'mpii_val.json'),
      // MPII's official annolist converted to JSON, not the list layout PoseScope reads.
      JSON.stringify({ annolist: [{ image: { name: 'a.jpg' }, annorect: [] }] }),
    );
    writeFileSync(join(dir, 'labels.mat'), 'MATLAB');
    expect(() => detectFormat(dir)).toThrow(
      new RegExp(
        `^no reader for the annotation files in ${dir}: saw labels\\.mat, mpii_val\\.json; expected annotations/Human36M_subject\\*_data\\.json .*COCO-style JSON in one of these layouts: .*COCO-17 \\(coco17\\).*\\. To index only its images, open it as an image folder \\(posescope index --format images\\)$`,
      ),
    );
    // Asked for explicitly, the images are indexed.
    expect(
      indexDataset({ root: dir, dbFile: join(tmp, 'mpii-list.sqlite'), format: 'images' }),
    ).toMatchObject({
      format: 'images',
      images: 1,
      note: null,
    });
  });

  it('says so in the summary when a folder becomes a bare image folder', () => {
    const dir = join(tmp, 'only-images');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'a.png'), 'x');
    const s = indexDataset({ root: dir, dbFile: join(tmp, 'only-images.sqlite') });
    expect(s).toMatchObject({ format: 'images', images: 1 });
    expect(s.note).toBe(
      'no annotation file (.json, .mat, .npz, .pkl, .h5) in the folder or annotations/: indexed as a bare image folder, with no people',
    );
  });

  it('refuses --format X on a folder without X’s files, naming what X needs', () => {
    const { dir, db } = folder(
      'coco-not-mupots',
      'person_keypoints_val.json',
      layoutFile(COCO_NAMES, 17),
    );
    expect(() => indexDataset({ root: dir, dbFile: db, format: 'mupots' })).toThrow(
      `${dir} holds nothing to index as mupots: mupots needs MuPoTS-3D.json (RootNet's MuPoTS-3D annotation file) at the top of the folder`,
    );
    const empty = join(tmp, 'empty-coco');
    mkdirSync(empty);
    expect(() =>
      indexDataset({ root: empty, dbFile: join(tmp, 'e.sqlite'), format: 'coco' }),
    ).toThrow(/holds nothing to index as coco: coco needs a COCO-style keypoint JSON/);
  });
});
