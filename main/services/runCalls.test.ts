import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLS, type EventName } from '../../contract';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { EditSession } from '../edit/editSession';
import { evaluateRun } from '../eval/evaluateRun';
import { indexDataset } from '../indexer/indexDataset';
import { openIndex } from '../store/db/openIndex';
import { listRuns } from '../store/runs/runList';
import { OpenDatasets, type OpenDataset } from './openDatasets';
import { runCalls } from './runCalls';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-run-calls-'));
const root = join(tmp, 'mupots');
const dbFile = join(tmp, 'index.sqlite');
const open = new OpenDatasets();
const events: [EventName, unknown][] = [];
const busyRuns = new Set<number>();
let edits: EditSession;
let d: OpenDataset;
let calls: ReturnType<typeof runCalls>;

/** Imports a run from another connection, as `posescope eval` would. */
function importRun(name: string, people: readonly (readonly (readonly number[])[])[]): number {
  const file = join(tmp, `${name}.json`);
  const imageOf = [1, 1, 2, 3];
  writeFileSync(
    file,
    JSON.stringify(people.map((p, i) => ({ image_id: imageOf[i], joints_cam: p }))),
  );
  const db = openIndex(dbFile);
  try {
    evaluateRun(db, { id: d.dbId, format: d.format, skeleton: d.skeleton }, file, { name });
  } finally {
    db.close();
  }
  return listRuns(d.reader, d.dbId).find((r) => r.name === name)!.id;
}

let a: number;
let b: number;

beforeAll(async () => {
  const { people } = await writeMupotsFixture(root);
  indexDataset({ root, dbFile });
  d = open.register(root, dbFile);
  edits = new EditSession({
    annotator: () => 'tester',
    writerFor: (x) => openIndex(x.dbFile),
    changed: () => undefined,
    warn: (m) => {
      throw new Error(m);
    },
  });
  calls = runCalls(
    open,
    edits,
    (e, p) => events.push([e, p]),
    (datasetId, runId) => {
      expect(datasetId).toBe(d.sessionId);
      return busyRuns.has(runId);
    },
  );
  a = importRun('a', people);
  b = importRun('b', people);
});
afterAll(() => {
  edits.close();
  open.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('renameRun and deleteRun', () => {
  it('renames through the session writer, returns the run as listRuns has it, and says so', async () => {
    events.length = 0;
    const run = await calls.renameRun({ datasetId: d.sessionId, runId: a, name: ' first ' });
    expect(CALLS.renameRun.result.parse(run)).toEqual(run);
    expect(run).toEqual(listRuns(d.reader, d.dbId).find((r) => r.id === a));
    expect(run).toMatchObject({ id: a, name: 'first', kind: 'import', predictions: 4 });
    expect(events).toEqual([['datasetChanged', { datasetId: d.sessionId }]]);
  });

  it('refuses a clash, a blank name and a run not in the dataset, with no event', async () => {
    events.length = 0;
    const rename = (runId: number, name: string) =>
      Promise.resolve().then(() => calls.renameRun({ datasetId: d.sessionId, runId, name }));
    await expect(rename(b, 'first')).rejects.toThrow(
      'another run of this dataset is already called "first"',
    );
    await expect(rename(b, '  ')).rejects.toThrow('a run needs a name');
    await expect(rename(999, 'x')).rejects.toThrow('run 999 is not a run of this dataset');
    await expect(
      Promise.resolve().then(() => calls.deleteRun({ datasetId: 42, runId: b })),
    ).rejects.toThrow('no open dataset with id 42');
    expect(events).toEqual([]);
    expect(listRuns(d.reader, d.dbId).map((r) => r.name)).toEqual(['first', 'b']);
  });

  it('refuses a run an inference job is writing, naming it', async () => {
    busyRuns.add(b);
    try {
      await expect(
        Promise.resolve().then(() => calls.deleteRun({ datasetId: d.sessionId, runId: b })),
      ).rejects.toThrow('cannot delete "b": an inference job is writing it');
      await expect(
        Promise.resolve().then(() =>
          calls.renameRun({ datasetId: d.sessionId, runId: b, name: 'c' }),
        ),
      ).rejects.toThrow('cannot rename "b": an inference job is writing it');
    } finally {
      busyRuns.delete(b);
    }
    expect(listRuns(d.reader, d.dbId).map((r) => r.name)).toEqual(['first', 'b']);
  });

  it('deletes a run with its rows and tells the UI; the other run stays', async () => {
    events.length = 0;
    expect(await calls.deleteRun({ datasetId: d.sessionId, runId: b })).toEqual({ deleted: b });
    expect(events).toEqual([['datasetChanged', { datasetId: d.sessionId }]]);
    expect(listRuns(d.reader, d.dbId).map((r) => r.name)).toEqual(['first']);
    expect(
      d.reader.prepare('SELECT count(*) FROM predictions WHERE run_id = ?').pluck().get(b),
    ).toBe(0);
  });
});
