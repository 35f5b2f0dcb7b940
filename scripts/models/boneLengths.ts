// npx tsx scripts/models/boneLengths.ts [--data ../shared/data]: the Human3.6M-17 bone
// lengths of the training data (the CMU subjects through core/bvh/h36mFromBvh.ts's joint
// rules, median over every 10th frame per subject) beside those of the real Human3.6M sample's
// subjects (their world joints: a Human3.6M subject's skeleton is rigid, one frame gives it),
// in mm and as shares of the body's total bone length, so a joint rule that puts a joint
// somewhere else than Human3.6M's markers do shows as a ratio away from 1. Beside them, the
// published Human3.6M skeleton (models/train/h36mSkeleton.json, subject S1) the trainers rebuild
// every pose with, and how the sample's subjects compare with it: a check that the published
// lengths are the dataset's, measured on the few subjects at hand, not something to fit to.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { H36M_17 } from '../../core';
import { readMocap } from '../../models/train/mocapData';

const appRoot = resolve(import.meta.dirname, '..', '..');
const { values: opts } = parseArgs({
  options: { data: { type: 'string', default: join(appRoot, '..', 'shared', 'data') } },
});
const data = resolve(opts.data);
const bones = H36M_17.bones;
const names = bones.map(([a, b]) => `${H36M_17.joints[a]!.name}–${H36M_17.joints[b]!.name}`);

const lengths = (pose: ArrayLike<number>, at = 0) =>
  bones.map(([a, b]) =>
    Math.hypot(
      pose[at + 3 * a]! - pose[at + 3 * b]!,
      pose[at + 3 * a + 1]! - pose[at + 3 * b + 1]!,
      pose[at + 3 * a + 2]! - pose[at + 3 * b + 2]!,
    ),
  );
const median = (v: number[]) => {
  const s = [...v].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const shares = (l: number[]) => l.map((x) => x / l.reduce((a, b) => a + b, 0));
const r1 = (v: number) => Number(v.toFixed(1));
const r3 = (v: number) => Number(v.toFixed(3));

/** Per subject: each bone's median length over the subject's frames. */
function cmuSubjects(): Map<string, number[]> {
  const dir = join(data, 'cmu-mocap');
  if (!existsSync(dir)) throw new Error(`needs the CMU motion capture in ${dir}`);
  const subjects = readdirSync(dir).filter((d) => /^\d+$/.test(d));
  const out = new Map<string, number[]>();
  for (const subject of subjects) {
    const per: number[][] = bones.map(() => []);
    for (const clip of readMocap(dir, [subject], 10))
      for (let f = 0; f < clip.frames; f++)
        lengths(clip.joints, f * 51).forEach((l, k) => per[k]!.push(l));
    out.set(subject, per.map(median));
  }
  return out;
}

/** Per subject of the sample: the bone lengths of its first frame. */
function h36mSubjects(): Map<string, number[]> {
  const dir = join(data, 'h36m-sample', 'annotations');
  if (!existsSync(dir)) throw new Error(`needs the Human3.6M sample in ${dir}`);
  const out = new Map<string, number[]>();
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('_joint_3d.json'))
    .sort()) {
    const tree = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<
      string,
      Record<string, Record<string, number[][]>>
    >;
    const frame = Object.values(Object.values(Object.values(tree)[0]!)[0]!)[0]!;
    out.set(f.replace(/^Human36M_(subject\d+)_.*$/, '$1'), lengths(frame.flat()));
  }
  return out;
}

/** The published skeleton's lengths, in H36M_17.bones order. */
function published(): number[] {
  const file = join(appRoot, 'models', 'train', 'h36mSkeleton.json');
  const { bones: table } = JSON.parse(readFileSync(file, 'utf8')) as {
    bones: { joint: string; parent: string; mm: number }[];
  };
  return bones.map(([a, b]) => {
    const [pa, pb] = [H36M_17.joints[a]!.name, H36M_17.joints[b]!.name];
    const row = table.find(
      (r) => (r.joint === pb && r.parent === pa) || (r.joint === pa && r.parent === pb),
    );
    if (!row) throw new Error(`${file} has no bone ${pa}–${pb}`);
    return row.mm;
  });
}

const cmu = cmuSubjects();
const pub = published();
const pubShare = shares(pub);
const h36m = h36mSubjects();
const avg = (m: Map<string, number[]>, f: (l: number[]) => number[] = (l) => l) =>
  bones.map((_, k) => mean([...m.values()].map((l) => f(l)[k]!)));
const [cmuMm, h36mMm, cmuShare, h36mShare] = [
  avg(cmu),
  avg(h36m),
  avg(cmu, shares),
  avg(h36m, shares),
];
process.stdout.write(
  `${JSON.stringify(
    {
      subjects: { cmu: [...cmu.keys()], h36m: [...h36m.keys()] },
      total_mm: {
        cmu: r1(cmuMm.reduce((a, b) => a + b, 0)),
        published: r1(pub.reduce((a, b) => a + b, 0)),
        h36m: r1(h36mMm.reduce((a, b) => a + b, 0)),
      },
      bones: names.map((name, k) => ({
        bone: name,
        cmu_mm: r1(cmuMm[k]!),
        h36m_mm: r1(h36mMm[k]!),
        // Of the body's total bone length: ratio 1 is the same proportion whatever the height.
        share_ratio: r3(h36mShare[k]! / cmuShare[k]!),
        published_mm: r1(pub[k]!),
        sample_vs_published: r3(h36mShare[k]! / pubShare[k]!),
        h36m_spread_mm: r1(
          Math.max(...[...h36m.values()].map((l) => l[k]!)) -
            Math.min(...[...h36m.values()].map((l) => l[k]!)),
        ),
      })),
    },
    null,
    2,
  )}\n`,
);
