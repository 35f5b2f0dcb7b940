// npm run bench:index [-- --people N]: indexes a synthetic Human3.6M dataset, evaluates a
// prediction set on it and ranks its worst people, printing one JSON object. Every figure is
// measured in this run, in fresh child processes, so ratios compare like with like.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSyntheticH36m } from './synthH36m.mjs';

const { values: opts } = parseArgs({
  options: {
    people: { type: 'string', default: '1000000' },
    work: { type: 'string', default: join(tmpdir(), 'posescope-bench') },
  },
});
const people = Number(opts.people);
const work = resolve(opts.work, `h36m-${people}`);
const dataset = join(work, 'dataset');
const predictions = join(work, 'predictions.json');
const db = join(work, 'index.sqlite');
const cli = resolve('dist/cli.mjs');
const log = (m) => process.stderr.write(`bench:index: ${m}\n`);

// Generated once per size and kept: the data, not its generation, is what is measured. The
// marker names the generator's version (2: with image files), so older data is written again.
const DATA_VERSION = '2';
const marker = join(work, 'complete');
if (!existsSync(marker) || readFileSync(marker, 'utf8') !== DATA_VERSION) {
  log(`writing ${people} synthetic people to ${work}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  await writeSyntheticH36m(dataset, people, { predictionsFile: predictions });
  writeFileSync(marker, DATA_VERSION);
}

const node = (args) =>
  execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
function measured(args) {
  const rssFile = join(work, 'rss');
  const started = performance.now();
  const out = node([resolve('scripts/bench/measured.mjs'), rssFile, ...args]);
  return {
    seconds: (performance.now() - started) / 1000,
    rssMb: Number(readFileSync(rssFile, 'utf8')),
    out: JSON.parse(out),
  };
}

log('parse floor');
const floor = JSON.parse(node([resolve('scripts/bench/parseFloor.mjs'), dataset])).seconds;
log('indexing');
rmSync(db, { force: true });
rmSync(`${db}-wal`, { force: true });
rmSync(`${db}-shm`, { force: true });
const index = measured([cli, 'index', dataset, '--db', db, '--json']);
if (index.out.people !== people)
  throw new Error(`indexed ${index.out.people} people, not ${people}`);
log('re-indexing the unchanged folder');
const again = measured([cli, 'index', dataset, '--db', db, '--json']);
log('evaluating');
const evaluation = measured([cli, 'eval', dataset, '--pred', predictions, '--db', db, '--json']);

log('ranking');
const conn = new Database(db, { readonly: true });
const runId = conn.prepare("SELECT id FROM runs WHERE name = 'predictions'").pluck().get();
const worst = conn.prepare(
  `SELECT m.instance_id, m.mpjpe, im.file FROM instance_metrics m
   JOIN instances i ON i.id = m.instance_id JOIN images im ON im.id = i.image_id
   WHERE m.run_id = ? AND m.action = ? AND m.mpjpe IS NOT NULL ORDER BY m.mpjpe DESC LIMIT 100`,
);
const times = [];
for (const action of ['Walking', 'Eating', 'Phoning', 'Sitting', 'Greeting']) {
  const t = performance.now();
  const rows = worst.all(runId, action);
  times.push(performance.now() - t);
  if (rows.length !== 100) throw new Error(`worst-100 in ${action} gave ${rows.length} rows`);
}
// What the index holds, by table and index (dbstat), split into labels and the evaluated run.
const RUN_TABLES = /^(predictions|instance_metrics|image_metrics|metrics_)/;
const sizes = conn.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all();
const runBytes = sizes.filter((r) => RUN_TABLES.test(r.name)).reduce((n, r) => n + r.bytes, 0);
const allBytes = sizes.reduce((n, r) => n + r.bytes, 0);
conn.close();
times.sort((a, b) => a - b);
/** Bytes of the JSON files under a folder: the data the index indexes. */
const jsonBytes = (dir) =>
  readdirSync(dir, { recursive: true })
    .filter((f) => String(f).endsWith('.json'))
    .reduce((n, f) => n + statSync(join(dir, String(f))).size, 0);

const round = (v, d = 2) => Number(v.toFixed(d));
process.stdout.write(
  `${JSON.stringify(
    {
      people,
      instances_per_s: Math.round(people / index.out.seconds),
      peak_rss_mb: round(index.rssMb, 0),
      parse_floor_ratio: round(index.out.seconds / floor),
      worst100_ms: round(times[Math.floor(times.length / 2)]),
      index_s: round(index.out.seconds),
      parse_floor_s: round(floor),
      reindex_unchanged_s: round(again.out.seconds, 3),
      eval_predictions_per_s: Math.round(people / evaluation.seconds),
      eval_peak_rss_mb: round(evaluation.rssMb, 0),
      eval_MPJPE: round(evaluation.out.sets[0].MPJPE, 1),
      // stat, never read: a 1M-person index is past Node's 2 GiB buffer limit.
      db_mb: round(
        ['', '-wal'].reduce((n, s) => n + (existsSync(db + s) ? statSync(db + s).size : 0), 0) /
          1e6,
        0,
      ),
      db_labels_mb: round((allBytes - runBytes) / 1e6, 0),
      db_run_mb: round(runBytes / 1e6, 0),
      annotation_json_mb: round(jsonBytes(dataset) / 1e6, 0),
      predictions_json_mb: round(statSync(predictions).size / 1e6, 0),
    },
    null,
    2,
  )}\n`,
);
