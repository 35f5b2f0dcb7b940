import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMupotsFixture } from '../fixtures/mupotsFixture';
import { runCli } from './runCli';

describe('posescope index', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'posescope-cli-'));
  const dir = join(tmp, 'mupots');
  beforeAll(() => writeMupotsFixture(dir));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints a machine-readable summary with --json and exits 0', () => {
    const r = runCli(['index', dir, '--db', join(tmp, 'a.sqlite'), '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: 'mupots',
      images: 3,
      people: 4,
      cameras: 2,
      flagged: 0,
    });
  });

  it('prints a readable summary without --json', () => {
    const r = runCli(['index', dir, '--db', join(tmp, 'a.sqlite'), '--format', 'mupots']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/images\s+3\n\s+people\s+4/);
    expect(r.stdout).toMatch(/0 indexed, 1 unchanged/);
  });

  it('exits 1 naming the file and position of malformed JSON', async () => {
    const bad = join(tmp, 'bad');
    await writeMupotsFixture(bad);
    const file = join(bad, 'MuPoTS-3D.json');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 500));
    const r = runCli(['index', bad, '--db', join(tmp, 'b.sqlite')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /FAILED MuPoTS-3D\.json: .*MuPoTS-3D\.json:1:\d+: malformed JSON at byte \d+/,
    );
  });

  it('refuses an unknown format and a folder with no dataset, saying what it expected', () => {
    expect(runCli(['index', dir, '--format', 'kitti']).stderr).toMatch(
      /unknown --format "kitti"; use one of h36m, mupots, coco, images/,
    );
    const empty = mkdtempSync(join(tmp, 'empty-'));
    const r = runCli(['index', empty, '--db', join(tmp, 'c.sqlite')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no dataset recognised in .*empty-.*Human36M_subject\*_data\.json/);
  });
});
