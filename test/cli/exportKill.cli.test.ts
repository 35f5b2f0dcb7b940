import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './runCli';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'posescope-export-kill-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dataset = join(tmp, 'coco');
const db = join(tmp, 'index.sqlite');
const PEOPLE = 40_000;

/** A COCO keypoint file big enough that an export takes a while to write. */
function writeDataset(): void {
  mkdirSync(dataset, { recursive: true });
  const images = Array.from({ length: PEOPLE / 4 }, (_, i) => ({
    id: i + 1,
    file_name: `${i + 1}.jpg`,
    width: 640,
    height: 480,
  }));
  const annotations = Array.from({ length: PEOPLE }, (_, k) => ({
    id: k + 1,
    image_id: Math.floor(k / 4) + 1,
    category_id: 1,
    iscrowd: 0,
    num_keypoints: 17,
    area: 5000.25 + k,
    bbox: [10.5, 20.25, 100.125, 200.0625],
    keypoints: Array.from({ length: 17 }, (_, j) => [
      12.345678 + j + k / 7,
      100.1 + 5 * j,
      2,
    ]).flat(),
  }));
  writeFileSync(
    join(dataset, 'person_keypoints_val.json'),
    JSON.stringify({ images, annotations }),
  );
}

/** `posescope export` started, killed with SIGKILL after `ms` (or left to finish). */
function exportKilledAfter(out: string, ms: number): Promise<void> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [join(root, 'bin', 'posescope.mjs'), 'export', db, '--format', 'coco', '--out', out],
      { stdio: 'ignore' },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      done();
    });
  });
}

/** What a reader of the export folder may rely on, whenever the writer died. */
function checkFolder(out: string): 'complete' | 'unfinished' {
  const manifest = join(out, 'posescope-export.json');
  for (const name of readdirSync(out).filter((n) => n.endsWith('.json') && !n.startsWith('.')))
    expect(() => JSON.parse(readFileSync(join(out, name), 'utf8')), name).not.toThrow();
  if (!existsSync(manifest)) return 'unfinished';
  const m = JSON.parse(readFileSync(manifest, 'utf8')) as {
    complete: boolean;
    files: { path: string; bytes: number }[];
  };
  expect(m.complete).toBe(true);
  for (const f of m.files) expect(statSync(join(out, f.path)).size, f.path).toBe(f.bytes);
  return 'complete';
}

describe('export killed with SIGKILL', () => {
  let full = 0;
  beforeAll(() => {
    writeDataset();
    expect(runCli(['index', dataset, '--db', db, '--json']).code).toBe(0);
    const t = performance.now();
    expect(runCli(['export', db, '--format', 'coco', '--out', join(tmp, 'timing')]).code).toBe(0);
    full = performance.now() - t;
  });

  it('leaves either a complete export (its manifest) or no manifest, and the next export cleans up', async () => {
    const out = join(tmp, 'out');
    const seen = new Set<string>();
    for (const fraction of [0.3, 0.6, 0.85, 0.95]) {
      await exportKilledAfter(out, Math.max(20, full * fraction));
      if (existsSync(out)) seen.add(checkFolder(out));
    }
    const left = existsSync(out) ? readdirSync(out).filter((n) => n.endsWith('.tmp')).length : 0;
    const r = runCli(['export', db, '--format', 'coco', '--out', out]);
    expect(r.code).toBe(0);
    expect(checkFolder(out)).toBe('complete');
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    process.stdout.write(
      `export kill test: full export ${Math.round(full)} ms; after kills: ${[...seen].join(', ') || 'no folder yet'}, ${left} temporaries left, cleaned by the next export\n`,
    );
  });
});
