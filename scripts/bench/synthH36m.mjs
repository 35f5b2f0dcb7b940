// Writes a synthetic Human3.6M dataset in the RootNet/HDNet layout: per subject a data file, a
// camera file and world joints, four cameras per frame as in the real dataset, with full float64
// digits as the real files carry them, and an empty file where each image would be (a real
// dataset has its images: without them every person is flagged, and the index holds the flags).
import { closeSync, createWriteStream, mkdirSync, openSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

const SUBJECTS = [1, 5, 6, 7, 8, 9, 11];
const ACTIONS = [
  'Directions',
  'Discussion',
  'Eating',
  'Greeting',
  'Phoning',
  'Posing',
  'Purchases',
  'Sitting',
  'SittingDown',
  'Smoking',
  'Photo',
  'Waiting',
  'Walking',
  'WalkDog',
  'WalkTogether',
];
const CAMS = 4;
const J = 17;

// Deterministic so two runs index the same bytes.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Out {
  constructor(file) {
    this.stream = createWriteStream(file);
    this.parts = [];
    this.size = 0;
  }
  async write(s) {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) await this.flush();
  }
  async flush() {
    if (!this.stream.write(this.parts.join(''))) await once(this.stream, 'drain');
    this.parts = [];
    this.size = 0;
  }
  async close() {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** People are spread evenly over subjects, then actions × 2 subactions, four cameras a frame. */
/**
 * With `predictionsFile`, also writes a prediction per person: camera-space joints with a few
 * cm of noise, and a gross error on one person in fifty, so "worst N" has something to find.
 */
export async function writeSyntheticH36m(root, people, { seed = 1, predictionsFile } = {}) {
  const dir = join(root, 'annotations');
  mkdirSync(dir, { recursive: true });
  const folders = new Set();
  const rand = rng(seed);
  const preds = predictionsFile ? new Out(predictionsFile) : undefined;
  await preds?.write('[');
  let id = 0;
  for (const [si, subject] of SUBJECTS.entries()) {
    const mine = Math.floor(people / SUBJECTS.length) + (si < people % SUBJECTS.length ? 1 : 0);
    const frames = Math.ceil(mine / CAMS);
    const perSeq = Math.ceil(frames / (ACTIONS.length * 2));
    const cams = {};
    for (let c = 1; c <= CAMS; c++) {
      const a = rand() * Math.PI * 2;
      cams[c] = {
        R: [
          [Math.cos(a), 0, -Math.sin(a)],
          [0, 1, 0],
          [Math.sin(a), 0, Math.cos(a)],
        ].map((r) => r.map((v) => v + 0)),
        t: [rand() * 400 - 200, rand() * 400 - 200, 4500 + rand() * 1000],
        f: [1145.04940458804 + rand(), 1143.78109572365 + rand()],
        c: [512.541504956548 + rand(), 515.4514869776 + rand()],
      };
    }
    const camOut = new Out(join(dir, `Human36M_subject${subject}_camera.json`));
    await camOut.write(JSON.stringify(cams));
    await camOut.close();

    const data = new Out(join(dir, `Human36M_subject${subject}_data.json`));
    const joints = new Out(join(dir, `Human36M_subject${subject}_joint_3d.json`));
    await joints.write('{');
    let written = 0;
    let firstAction = true;
    const annLines = [];
    await data.write('{"images": [');
    for (let a = 0; a < ACTIONS.length && written < mine; a++) {
      await joints.write(`${firstAction ? '' : ', '}"${a + 2}": {`);
      firstAction = false;
      for (let sub = 1; sub <= 2 && written < mine; sub++) {
        await joints.write(`${sub === 1 ? '' : ', '}"${sub}": {`);
        for (let f = 0; f < perSeq && written < mine; f++) {
          const frame = f * 5;
          const pose = [];
          for (let j = 0; j < J; j++)
            pose.push([rand() * 1000 - 500 + 2000, rand() * 1000 - 500, rand() * 1800]);
          await joints.write(`${f === 0 ? '' : ', '}"${frame}": ${JSON.stringify(pose)}`);
          for (let c = 1; c <= CAMS && written < mine; c++) {
            const tag = `s_${String(subject).padStart(2, '0')}_act_${String(a + 2).padStart(2, '0')}_subact_${String(sub).padStart(2, '0')}_ca_${String(c).padStart(2, '0')}`;
            const image = {
              id,
              file_name: `${tag}/${tag}_${String(frame + 1).padStart(6, '0')}.jpg`,
              width: 1000,
              height: 1002,
              subject,
              action_name: ACTIONS[a],
              action_idx: a + 2,
              subaction_idx: sub,
              cam_idx: c,
              frame_idx: frame,
            };
            await data.write(`${written === 0 ? '' : ', '}${JSON.stringify(image)}`);
            if (!folders.has(tag)) mkdirSync(join(root, 'images', tag), { recursive: true });
            folders.add(tag);
            closeSync(openSync(join(root, 'images', image.file_name), 'w'));
            annLines.push(
              JSON.stringify({
                id,
                image_id: id,
                category_id: 1,
                iscrowd: 0,
                keypoints_vis: Array(J).fill(true),
                bbox: [rand() * 500, rand() * 500, 100 + rand() * 200, 200 + rand() * 300],
              }),
            );
            if (preds) {
              const { R, t } = cams[c];
              const gross = rand() < 0.02 ? 400 : 0;
              const camPose = pose.map((x) =>
                [0, 1, 2].map((r) =>
                  (
                    R[r][0] * x[0] +
                    R[r][1] * x[1] +
                    R[r][2] * x[2] +
                    t[r] +
                    (rand() - 0.5) * 80 +
                    gross * rand()
                  ).toFixed(1),
                ),
              );
              await preds.write(
                `${id === 0 ? '' : ', '}{"image_id": ${id}, "score": 0.9, "joints_cam": [${camPose.map((p) => `[${p.join(', ')}]`).join(', ')}]}`,
              );
            }
            id++;
            written++;
          }
        }
        await joints.write('}');
      }
      await joints.write('}');
    }
    await joints.write('}');
    await joints.close();
    await data.write('], "annotations": [');
    for (let i = 0; i < annLines.length; i++)
      await data.write(`${i === 0 ? '' : ', '}${annLines[i]}`);
    await data.write('], "categories": [{"id": 1, "name": "person"}]}');
    await data.close();
  }
  if (preds) {
    await preds.write(']');
    await preds.close();
  }
  return { people: id, subjects: SUBJECTS.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, n, predictionsFile] = process.argv.slice(2);
  console.log(
    JSON.stringify(await writeSyntheticH36m(dir, Number(n ?? 1000), { predictionsFile })),
  );
}
