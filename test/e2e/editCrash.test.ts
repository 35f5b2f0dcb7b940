import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetInfo, EditOutcome, EditState, Frame, FramePage } from '../../contract';
import { explainSkip } from '../helpers/skip';
import { repoRoot, startServe } from './serveProcess';

const sample = join(repoRoot, 'assets', 'sample');
const skip = existsSync(join(repoRoot, 'dist', 'cli.mjs'))
  ? undefined
  : 'needs the built app in dist/ (npm run build)';

describe.skipIf(skip !== undefined)('corrections survive the app being killed', () => {
  const userData = mkdtempSync(join(tmpdir(), 'posescope-crash-'));
  afterAll(() => rmSync(userData, { recursive: true, force: true }));

  it('keeps every edit that returned, and never half of the one in flight', async () => {
    let server = await startServe(sample, { userData });
    const ds = await server.call<DatasetInfo>('openDataset', { path: sample });
    const page = await server.call<FramePage>('listFrames', { datasetId: ds.id, limit: 4 });
    const frames = await Promise.all(
      page.rows.map((r) =>
        server.call<Frame>('getFrame', { datasetId: ds.id, imageId: r.imageId }),
      ),
    );
    const people = frames.map((f) => f.people[0]!);
    // Each edit moves joint 0 of one person 250 mm deeper along its ray.
    const deeper = (p: Frame['people'][number]) =>
      p.joints3d!.map((q, j) => (j === 0 && q ? q.map((v) => (v * (q[2] + 250)) / q[2]) : q));
    const edit = (k: number) =>
      server.call<EditOutcome>('editPerson', {
        datasetId: ds.id,
        instanceId: people[k]!.instanceId,
        tool: 'ray-drag',
        joint: 0,
        joints3d: deeper(people[k]!),
      });
    for (const k of [0, 1, 2]) expect((await edit(k)).editId).not.toBeNull();
    // The fourth is sent and the process killed at once, wherever the edit has got to.
    const inFlight = edit(3).catch(() => null);
    await server.kill();
    await inFlight;

    server = await startServe(sample, { userData });
    try {
      const again = await server.call<DatasetInfo>('openDataset', { path: sample });
      const state = await server.call<EditState>('editState', { datasetId: again.id });
      expect(state.undo).toBeGreaterThanOrEqual(3);
      expect(state.undo).toBeLessThanOrEqual(4);
      for (const [k, f] of frames.entries()) {
        const now = await server.call<Frame>('getFrame', {
          datasetId: again.id,
          imageId: f.imageId,
        });
        const person = now.people.find((p) => p.instanceId === people[k]!.instanceId)!;
        const applied = k < 3 || state.undo === 4;
        const want = applied ? deeper(people[k]!) : people[k]!.joints3d!;
        // The whole edit or none of it: the moved joint and the rest as the log says.
        person.joints3d!.forEach((q, j) =>
          q!.forEach((v, c) => expect(v).toBeCloseTo(want[j]![c]!, 6)),
        );
        expect(person.edited).toBe(applied);
      }
    } finally {
      await server.stop();
    }
  });
});

explainSkip(skip);
