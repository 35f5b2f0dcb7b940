import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexFolder } from '../../test/fixtures/indexedFolder';
import { writeCocoRecords, writeH36mRecords } from '../../test/fixtures/recordFixtures';
import type { IndexDb } from '../store/db/openIndex';
import { targetsOf } from './targets';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-targets-'));
const opened: IndexDb[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(tmp, { recursive: true, force: true });
});

function targets(name: string, write: (root: string) => void) {
  const root = join(tmp, name);
  write(root);
  const { db, ds } = indexFolder(root, join(tmp, `${name}.sqlite`), opened);
  return [...targetsOf(db, ds, 'person')];
}

describe('targetsOf', () => {
  it.each([
    ['h36m', writeH36mRecords, true],
    ['coco', writeCocoRecords, false],
  ])(
    "calls a person's 2D labels exact only where they are projected from 3D (%s)",
    (name, write, exact) => {
      const all = targets(name, write);
      expect(all.length).toBeGreaterThan(0);
      for (const t of all) {
        expect(t.gt2d?.length).toBe(17);
        expect(t.gt2dExact).toBe(exact);
      }
    },
  );
});
