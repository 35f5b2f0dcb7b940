import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MPII_RECORDS, writeMpiiFixture } from '../fixtures/mpiiFixture';
import { runCli } from './runCli';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-cli-mpii-'));
const dir = join(tmp, 'mpii');
const db = join(tmp, 'm.sqlite');
beforeAll(async () => {
  await writeMpiiFixture(dir);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every labelled person exactly where the list puts them (0-based pixels), by MMPose's image id. */
function perfect(): string {
  const file = join(tmp, 'pred.json');
  const records = MPII_RECORDS.map((r) => ({
    image_id: Number(r.image.replace('.jpg', '')),
    score: 1,
    joints_img: r.joints.map(([x, y], j) => (r.joints_vis[j] ? [x! - 1, y! - 1] : [null, null])),
  }));
  writeFileSync(file, JSON.stringify(records));
  return file;
}

describe('posescope on an MPII JSON list (MMPose data/mpii layout)', () => {
  it('indexes annotations/mpii_val.json with its images, detected, and says once that PCKh needs mpii_gt_val.mat', () => {
    const r = runCli(['index', dir, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(mpii, mpii16\)\n\s+images\s+2\n\s+people\s+3\n/);
    const notes = r.stdout.match(/mpii_gt_val\.mat/g) ?? [];
    expect(notes).toHaveLength(1);
    expect(r.stdout).toMatch(
      /note {5}PCKh needs each person's head box, which MPII keeps in mpii_gt_val\.mat \(headboxes_src, MATLAB v5\), not in this folder: the pckh protocol reports no head size/,
    );
  });

  it('scores a perfect prediction at OKS AP 100; PCKh says it has no head size', () => {
    const coco = runCli(['eval', dir, '--pred', perfect(), '--db', db, '--json']);
    expect(coco.stderr).toBe('');
    expect(coco.code).toBe(0);
    const set = (JSON.parse(coco.stdout) as { sets: Record<string, unknown>[] }).sets[0]!;
    expect(set).toMatchObject({ AP_OKS: 100, matched: 3 });
    const pckh = runCli(['eval', dir, '--pred', perfect(), '--db', db, '--protocol', 'pckh']);
    expect(pckh.code).toBe(0);
    expect(pckh.stdout).toMatch(
      /no paired person has a head size \(an annotation’s head_size, or head_box \[x1, y1, x2, y2\]\)/,
    );
  });

  it('exports the list in its own layout, every record as read', () => {
    const out = join(tmp, 'out');
    const r = runCli(['export', dir, '--format', 'mpii', '--out', out, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'annotations', 'mpii_val.json'), 'utf8'))).toEqual(
      MPII_RECORDS,
    );
  });
});
