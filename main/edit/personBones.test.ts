import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MUPOTS_17, boneLengths, kinematicParents, restPose } from '../../core';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { indexDataset } from '../indexer/indexDataset';
import { openIndex } from '../store/db/openIndex';
import { personBoneMedians } from './personBones';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-bones-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a person’s median bone lengths', () => {
  it('are the rest pose’s for the fixture’s people, over the frames of their sequence', async () => {
    await writeMupotsFixture(join(tmp, 'm'));
    indexDataset({ root: join(tmp, 'm'), dbFile: join(tmp, 'm.sqlite') });
    const db = openIndex(join(tmp, 'm.sqlite'));
    try {
      const first = db.prepare('SELECT min(id) FROM instances').pluck().get() as number;
      const r = personBoneMedians(db, 1, 'mupots17', first);
      const want = boneLengths(restPose(MUPOTS_17), kinematicParents(MUPOTS_17));
      expect(r.frames).toBeGreaterThanOrEqual(1);
      r.medianMm.forEach((m, j) =>
        Number.isFinite(want[j]) ? expect(m).toBeCloseTo(want[j]!, 6) : expect(m).toBeNull(),
      );
      expect(() => personBoneMedians(db, 1, 'mupots17', 999)).toThrow(/no person 999/);
    } finally {
      db.close();
    }
  });
});
