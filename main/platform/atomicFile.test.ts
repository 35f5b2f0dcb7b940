import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAtomically } from './atomicFile';
import { MANIFEST, finishExport, startExport } from '../export/exportManifest';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-atomic-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A pid no process has: above Linux's pid_max ceiling. */
const DEAD_PID = 4_194_305;

describe('files an export writes', () => {
  it('removes the temporaries a killed export left for the same file, not another writer’s', () => {
    const target = join(tmp, 'a.json');
    writeFileSync(join(tmp, `.a.json.posescope-${DEAD_PID}.tmp`), '[{"half":');
    writeFileSync(join(tmp, `.b.json.posescope-${DEAD_PID}.tmp`), 'other file');
    writeFileSync(join(tmp, `.a.json.posescope-1.tmp`), 'pid 1 is alive: not ours to remove');
    writeAtomically(target, (f) => f.write('{"ok": true}'));
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({ ok: true });
    expect(readdirSync(tmp).sort()).toEqual([
      '.a.json.posescope-1.tmp',
      `.b.json.posescope-${DEAD_PID}.tmp`,
      'a.json',
    ]);
  });

  it('drops an earlier manifest when an export starts and writes the new one last', () => {
    const out = join(tmp, 'export');
    finishExport(out, { dataset: '/d', format: 'coco', files: [], people: 0 });
    expect(existsSync(join(out, MANIFEST))).toBe(true);
    startExport(out);
    expect(existsSync(join(out, MANIFEST))).toBe(false);
    finishExport(out, {
      dataset: '/d',
      format: 'coco',
      files: [{ path: 'x.json', bytes: 3 }],
      people: 2,
    });
    expect(JSON.parse(readFileSync(join(out, MANIFEST), 'utf8'))).toMatchObject({
      complete: true,
      files: [{ path: 'x.json', bytes: 3 }],
      people: 2,
    });
  });
});
