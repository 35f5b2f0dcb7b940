// npm run bench:edit [-- --frames N --edits N]: what a correction costs on a large dataset,
// printing JSON. On the bench dataset (bench:ui's, 100,000 MuPoTS-layout frames by default, kept
// under $TMPDIR/posescope-bench-ui) with its prediction run imported, it makes N label edits
// (a joint moved along its ray, on people spread over the dataset) and times, per edit, the
// write with its log entry and the re-scoring of the touched frame (what the grid and the
// inspector wait for); then the runs' set figures (computed off the UI's thread after a burst)
// and, for comparison in the same run, scoring the whole run again (what every burst of edits
// cost before).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rayDrag } from '../../core';
import { commitEdit } from '../../main/edit/editLog';
import { readPerson } from '../../main/store/labels/personStore';
import { rescoreRuns, rescoreTouched } from '../../main/edit/rescore';
import { evaluateRun } from '../../main/eval/evaluateRun';
import { summariseRuns } from '../../main/eval/summaryJob';
import { indexDataset } from '../../main/indexer/indexDataset';
import { openIndex } from '../../main/store/db/openIndex';
import { instanceIds } from '../../main/store/labels/labelLists';
import { ensureBenchDataset } from './ui/dataset';

const { values: opts } = parseArgs({
  options: {
    frames: { type: 'string', default: '100000' },
    edits: { type: 'string', default: '20' },
    work: { type: 'string', default: join(tmpdir(), 'posescope-bench-ui') },
  },
});
const frames = Number(opts.frames);
const log = (m: string) => process.stderr.write(`bench:edit: ${m}\n`);
const round = (v: number, d = 1) => Number(v.toFixed(d));
const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const out = fn();
  return [out, performance.now() - t];
};
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

const { dataset, predictions, data } = ensureBenchDataset(
  resolve('assets/sample'),
  resolve(opts.work, `mupots-${frames}`),
  frames,
  log,
);
const dir = mkdtempSync(join(tmpdir(), 'posescope-bench-edit-'));
try {
  const dbFile = join(dir, 'index.sqlite');
  log('indexing and importing the predictions');
  indexDataset({ root: dataset, dbFile });
  const db = openIndex(dbFile);
  const ds = { id: 1, format: 'mupots' as const, skeleton: 'mupots17' };
  evaluateRun(db, ds, predictions, { name: 'bench' });
  const people = instanceIds(db, ds.id);
  const commit: number[] = [];
  const rescore: number[] = [];
  log(`making ${opts.edits} edits`);
  for (let k = 0; k < Number(opts.edits); k++) {
    const id = people[Math.floor(((k + 0.5) / Number(opts.edits)) * people.length)]!;
    const pose = readPerson(db, ds.id, id).joints.joints3d!;
    const [r, tc] = time(() =>
      commitEdit(
        db,
        ds.id,
        {
          instanceId: id,
          tool: 'ray-drag',
          joint: 3,
          joints3d: rayDrag(pose, 3, pose[3]![2] + 50),
        },
        'bench',
      ),
    );
    const [, tr] = time(() => rescoreTouched(db, ds, [r.imageId]));
    commit.push(tc);
    rescore.push(tr);
  }
  log('the set figures (off the UI thread in the app), then everything again for comparison');
  const [, summary] = time(() => summariseRuns({ dbFile, dataset: ds }));
  const [, full] = time(() => rescoreRuns(db, ds));
  db.close();
  const p50 = quantile(rescore, 0.5);
  process.stdout.write(
    `${JSON.stringify(
      {
        frames: data.frames,
        people: data.people,
        edits: commit.length,
        commit_p50_ms: round(quantile(commit, 0.5)),
        commit_p95_ms: round(quantile(commit, 0.95)),
        rescore_touched_p50_ms: round(p50),
        rescore_touched_p95_ms: round(quantile(rescore, 0.95)),
        set_summary_ms: Math.round(summary),
        full_rescore_ms: Math.round(full),
        full_over_touched: Math.round(full / p50),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
