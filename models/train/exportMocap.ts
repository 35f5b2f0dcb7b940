/**
 * Exports CMU motion capture (BVH) as Human3.6M-17 world joints for the Python trainers:
 *
 *   npx tsx models/train/exportMocap.ts --data ../shared/data/cmu-mocap --out /tmp/posescope-mocap
 *
 * writes `<out>/<subject>.f32` (float32 little-endian, frames × 17 × 3, mm, Y up) and
 * `<out>/index.json` (subjects, clips with their frame ranges, joint names, stride). The one
 * BVH parser is core/bvh (tested); Python only reads what this writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildJointMapping, getSkeleton, H36M_17, type JointMapping } from '../../core';
import { readMocap } from './mocapData';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data/cmu-mocap' },
    out: { type: 'string', default: '/tmp/posescope-mocap' },
    subjects: { type: 'string', default: '001,002,003,005,006' },
    stride: { type: 'string', default: '2' },
  },
});
const out = resolve(values.out);
const stride = Number(values.stride);
mkdirSync(out, { recursive: true });
const index: {
  joints: string[];
  units: string;
  up: string;
  stride: number;
  subjects: Record<
    string,
    { frames: number; clips: { file: string; start: number; frames: number }[] }
  >;
} = { joints: H36M_17.joints.map((j) => j.name), units: 'mm', up: 'y', stride, subjects: {} };
for (const subject of values.subjects.split(',')) {
  const clips = readMocap(resolve(values.data), [subject], stride);
  const frames = clips.reduce((a, c) => a + c.frames, 0);
  const all = new Float32Array(frames * 51);
  let at = 0;
  const entries = clips.map((c) => {
    all.set(c.joints, at * 51);
    const e = { file: c.file, start: at, frames: c.frames };
    at += c.frames;
    return e;
  });
  writeFileSync(join(out, `${subject}.f32`), Buffer.from(all.buffer));
  index.subjects[subject] = { frames, clips: entries };
  process.stdout.write(`${subject}: ${clips.length} clips, ${frames} frames\n`);
}
writeFileSync(join(out, 'index.json'), `${JSON.stringify(index, null, 1)}\n`);

/**
 * Joint maps between the models' Human3.6M-17 and each dataset skeleton the pipeline serves,
 * from core's buildJointMapping (derived joints included): `toH36m` is 17 × J weights (a row
 * of zeros: the skeleton lacks that joint), `fromH36m` is J × 17.
 */
const maps: Record<string, { toH36m: number[][]; fromH36m: number[][]; rules: string[] }> = {};
for (const id of ['h36m17', 'mupots17', 'coco17']) {
  const s = getSkeleton(id);
  const matrix = (m: JointMapping, cols: number) =>
    m.entries.map((e) => {
      const row = new Array<number>(cols).fill(0);
      if (e.kind === 'direct') row[e.source] = 1;
      else if (e.kind === 'derived') for (const [i, w] of e.weights) row[i]! += w;
      return row;
    });
  const to = buildJointMapping(s, H36M_17);
  const from = buildJointMapping(H36M_17, s);
  maps[id] = {
    toH36m: matrix(to, s.joints.length),
    fromH36m: matrix(from, 17),
    rules: [
      ...to.entries.map((e, j) =>
        e.kind === 'derived'
          ? `input ${e.rule}`
          : e.kind === 'missing'
            ? `input ${H36M_17.joints[j]!.name}: missing in ${id}`
            : '',
      ),
      ...from.entries.map((e, j) =>
        e.kind === 'missing' ? `output ${s.joints[j]!.name}: missing in Human3.6M-17 (NaN)` : '',
      ),
    ].filter(Boolean),
  };
}
writeFileSync(join(out, 'maps.json'), `${JSON.stringify(maps)}\n`);
