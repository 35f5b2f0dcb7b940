import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rayDrag, type Vec3 } from '../../core';
import { commitEdit } from '../../main/edit/editLog';
import { readPatch } from '../../main/edit/patch';
import { readPerson } from '../../main/store/labels/personStore';
import { openIndex } from '../../main/store/db/openIndex';
import { writeMupotsFixture } from '../fixtures/mupotsFixture';
import { runCli } from './runCli';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-cli-corrections-'));
const dir = join(tmp, 'mupots');
const at = (f: string) => join(tmp, f);
let people: Vec3[][] = [];
beforeAll(async () => {
  people = (await writeMupotsFixture(dir)).people;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Indexes the fixture into `db` and moves person 100's joint 4 by `dz` mm as `annotator`. */
function correct(db: string, dz: number, annotator: string) {
  expect(runCli(['index', dir, '--db', at(db), '--json']).code).toBe(0);
  const x = openIndex(at(db));
  try {
    const id = x
      .prepare("SELECT id FROM instances WHERE source_id = '100'")
      .pluck()
      .get() as number;
    const pose = readPerson(x, 1, id).joints.joints3d!;
    const joints3d = rayDrag(pose, 4, pose[4]![2] + dz);
    commitEdit(x, 1, { instanceId: id, tool: 'ray-drag', joint: 4, joints3d }, annotator);
  } finally {
    x.close();
  }
}

describe('posescope corrections commands', () => {
  it('export --only-edited --patch writes the corrected subset and the patch', () => {
    correct('a.sqlite', 300, 'alice');
    const r = runCli([
      ...['export', dir, '--format', 'mupots', '--db', at('a.sqlite')],
      ...['--out', at('out'), '--only-edited', '--patch', at('a.json')],
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('corrected images only: 1 images, 2 people');
    expect(r.stdout).toContain('(1 edits)');
    const file = JSON.parse(readFileSync(at('out/MuPoTS-3D.json'), 'utf8')) as {
      images: unknown[];
    };
    expect(file.images).toHaveLength(1);
    expect(readPatch(at('a.json')).edits.map((e) => [e.person, e.annotator])).toEqual([
      ['100', 'alice'],
    ]);

    const inside = runCli([
      'export',
      dir,
      '--format',
      'mupots',
      '--db',
      at('a.sqlite'),
      '--patch',
      join(dir, 'p.json'),
    ]);
    expect(inside.code).toBe(1);
    expect(inside.stderr).toContain('refusing to write the patch into the dataset folder');
    expect(existsSync(join(dir, 'p.json'))).toBe(false);
    expect(runCli(['export', dir, '--format', 'mupots', '--db', at('a.sqlite')]).code).toBe(2);
  });

  it('apply-patch checks with --dry-run, applies, and skips what is already there', () => {
    const args = ['apply-patch', dir, at('a.json'), '--db', at('b.sqlite')];
    const dry = runCli([...args, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would apply 1, skipped 0, conflicts 0');
    const real = runCli([...args, '--json']);
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({ applied: [{ entry: 0, person: '100' }] });
    expect(runCli(args).stdout).toContain('applied 0, skipped 1, conflicts 0');

    correct('c.sqlite', 500, 'carol');
    const clash = runCli(['apply-patch', dir, at('a.json'), '--db', at('c.sqlite')]);
    expect(clash.code).toBe(1);
    expect(clash.stdout).toContain(
      'CONFLICT #0 image 1 person 100: changed since the patch was made: joints3d[4]',
    );
  });

  it('merge-patches fails on conflicts unless --prefer picks a side', () => {
    expect(
      runCli(['export', dir, '--format', 'mupots', '--db', at('c.sqlite'), '--patch', at('c.json')])
        .code,
    ).toBe(0);
    const m = runCli(['merge-patches', at('a.json'), at('c.json'), '-o', at('m.json')]);
    expect(m.code).toBe(1);
    expect(m.stdout).toContain('conflicts: 1');
    expect(m.stdout).toMatch(
      /CONFLICT image 1 person 100 joints3d\[4\]: a \[.*\] \(alice\) vs b \[.*\] \(carol\)/,
    );
    expect(readPatch(at('m.json')).edits).toEqual([]);
    const b = runCli([
      'merge-patches',
      at('a.json'),
      at('c.json'),
      '-o',
      at('m.json'),
      '--prefer',
      'b',
    ]);
    expect(b.code).toBe(0);
    expect(readPatch(at('m.json')).edits.map((e) => e.annotator)).toEqual(['carol']);
  });

  it('report writes each run before and after the corrections as CSV or JSON', () => {
    const preds = at('preds.json');
    const imageOf = [1, 1, 2, 3];
    writeFileSync(
      preds,
      JSON.stringify(people.map((p, i) => ({ image_id: imageOf[i], joints_cam: p }))),
    );
    expect(runCli(['eval', dir, '--pred', preds, '--db', at('a.sqlite'), '--json']).code).toBe(0);
    const csv = runCli(['report', dir, '--db', at('a.sqlite'), '--out', at('r.csv')]);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain('1 corrected people, 1 applied edits');
    expect(csv.stdout).toMatch(/preds: MPJPE 0 → \d/);
    const lines = readFileSync(at('r.csv'), 'utf8').split('\n');
    expect(lines[0]).toBe('run,metric,original,corrected,change');
    expect(lines.find((l) => l.startsWith('preds,MPJPE,0,'))).toBeDefined();
    expect(runCli(['report', dir, '--db', at('a.sqlite'), '--out', at('r.json')]).code).toBe(0);
    expect(JSON.parse(readFileSync(at('r.json'), 'utf8'))).toMatchObject({
      runs: [{ run: 'preds' }],
    });
    expect(runCli(['report', dir, '--db', at('a.sqlite'), '--out', at('r.txt')]).code).toBe(2);
  });
});
