import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
function perfect(dx = 0): string {
  const file = join(tmp, `pred${dx}.json`);
  const records = MPII_RECORDS.map((r) => ({
    image_id: Number(r.image.replace('.jpg', '')),
    score: 1,
    joints_img: r.joints.map(([x, y], j) =>
      r.joints_vis[j] ? [x! - 1 + dx, y! - 1] : [null, null],
    ),
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
      /note {5}PCKh needs each person's head box, which MPII keeps in mpii_gt_val\.mat \(headboxes_src\), not in this folder: the pckh protocol reports no head size/,
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

  it('scores PCKh@0.5 with the head boxes of mpii_gt_val.mat beside the list', async () => {
    const withGt = join(tmp, 'with-gt');
    await writeMpiiFixture(withGt);
    copyFileSync(
      join(dirname(fileURLToPath(import.meta.url)), '../fixtures/mpii/mpii_gt_val_3.mat'),
      join(withGt, 'annotations', 'mpii_gt_val.mat'),
    );
    const gtDb = join(tmp, 'gt.sqlite');
    const index = runCli(['index', withGt, '--db', gtDb]);
    expect(index.code).toBe(0);
    expect(index.stdout).not.toMatch(/PCKh needs/);
    // Every labelled joint 14 px to the right: within 0.5 × 30 px for the first person (all
    // hit), beyond 0.5 × 24 and 0.5 × 9 px for the others (all miss).
    const r = runCli(['eval', withGt, '--pred', perfect(14), '--db', gtDb, '--json']);
    expect(r.code).toBe(0);
    const set = (
      JSON.parse(r.stdout) as {
        sets: { protocols: { id: string; figures: { key: string; value: number }[] }[] }[];
      }
    ).sets[0]!;
    const pckh = set.protocols.find((p) => p.id === 'pckh')!;
    // Pooled over the 14 MPII joints × people: 14 hits of 14 + 13 (a head top unlabelled) + 14.
    expect(pckh.figures.find((f) => f.key === 'PCKh')!.value).toBeCloseTo((100 * 14) / 41, 9);
    expect(pckh.figures.find((f) => f.key === 'PCKh_people')!.value).toBe(3);
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
