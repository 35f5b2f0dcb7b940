import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DatasetInfo,
  EditOutcome,
  Frame,
  FramePage,
  GroupInfo,
  IndexProgress,
  PeoplePage,
  PersonArtifacts,
  RecentDataset,
  RunDistributions,
  RunInfo,
} from '../../contract';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { inlineBackend, type ServiceBackend } from './backend';

/** Calls through the backend as a transport would, unwrapping the envelope. */
async function call<T>(backend: ServiceBackend, name: string, args: unknown = {}): Promise<T> {
  const r = await backend.call(name, args);
  if (!r.ok) throw new Error(r.error);
  return r.value as T;
}

describe('the services behind the contract (MuPoTS-3D fixture)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'posescope-services-'));
  const dataset = join(tmp, 'mupots');
  const userDir = join(tmp, 'user');
  const logs: string[] = [];
  const events: IndexProgress[] = [];
  let backend: ServiceBackend;
  let info: DatasetInfo;
  let people: number[][][];

  beforeAll(async () => {
    people = (await writeMupotsFixture(dataset)).people.map((p) => p.map((j) => [...j]));
    backend = inlineBackend({
      version: '9.9.9',
      appRoot: process.cwd(),
      shell: 'browser',
      userDir,
      indexDir: join(userDir, 'indexes'),
      log: (m) => logs.push(m),
    });
    backend.onEvent((e, p) => e === 'indexProgress' && events.push(p as IndexProgress));
    info = await call<DatasetInfo>(backend, 'openDataset', { path: dataset });
  });
  afterAll(async () => {
    await backend.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('opens a folder: indexes it, reports progress, remembers it as recent', async () => {
    expect(info).toMatchObject({
      id: 1,
      format: 'mupots',
      skeleton: 'mupots17',
      images: 3,
      people: 4,
      runs: [],
    });
    expect(events.at(0)?.phase).toBe('indexing');
    expect(events.at(-1)?.phase).toBe('done');
    const recent = await call<RecentDataset[]>(backend, 'recentDatasets');
    expect(recent[0]).toMatchObject({ path: dataset, name: 'mupots', format: 'mupots' });
    // Opening again re-uses the session id (nothing changed, nothing re-read).
    expect((await call<DatasetInfo>(backend, 'openDataset', { path: dataset })).id).toBe(1);
  });

  it('lists frames in pages, sorted and filtered', async () => {
    const page = await call<FramePage>(backend, 'listFrames', {
      datasetId: 1,
      sort: 'people',
      descending: true,
    });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.people)).toEqual([2, 1, 1]);
    expect(page.rows[0]).toMatchObject({
      file: 'MultiPersonTestSet/TS1/img_000000.jpg',
      group: 'TS1',
      missing: false,
    });
    const ts2 = await call<FramePage>(backend, 'listFrames', {
      datasetId: 1,
      filter: { group: 'TS2' },
    });
    expect(ts2.rows.map((r) => r.file)).toEqual(['MultiPersonTestSet/TS2/img_000000.jpg']);
    const second = await call<FramePage>(backend, 'listFrames', {
      datasetId: 1,
      offset: 1,
      limit: 1,
    });
    expect(second).toMatchObject({
      total: 3,
      offset: 1,
      rows: [{ file: 'MultiPersonTestSet/TS1/img_000001.jpg' }],
    });
    // Find by a part of the file name (any case), or by the dataset's own image id.
    const found = async (search: string) =>
      (await call<FramePage>(backend, 'listFrames', { datasetId: 1, filter: { search } })).rows.map(
        (r) => r.file,
      );
    expect(await found('ts1/IMG_000001')).toEqual(['MultiPersonTestSet/TS1/img_000001.jpg']);
    expect(await found('img_0000')).toHaveLength(3);
    // '2' is in TS2's path, and the dataset's own id of TS1's second image.
    expect(await found('2')).toEqual([
      'MultiPersonTestSet/TS1/img_000001.jpg',
      'MultiPersonTestSet/TS2/img_000000.jpg',
    ]);
    // LIKE's wildcards are matched as typed.
    expect(await found('img%0')).toEqual([]);
    expect(await found('_')).toHaveLength(3);
  });

  it('refuses an import from which nothing can be scored, saying why, and stores no run', async () => {
    const file = join(tmp, 'wrong-count.json');
    writeFileSync(file, JSON.stringify([{ image_id: 1, joints_cam: people[0]!.slice(0, 13) }]));
    await expect(
      call(backend, 'importPredictions', { datasetId: 1, file, name: 'wrong-count' }),
    ).rejects.toThrow(
      /no prediction could be read: 1 × wrong joint count .*13 joints, the dataset's skeleton 17/,
    );
    const info = await call<{ runs: RunInfo[] }>(backend, 'datasetInfo', { datasetId: 1 });
    expect(info.runs.map((r) => r.name)).not.toContain('wrong-count');
  });

  it('gives a frame with camera-space labels and their projections', async () => {
    const first = (await call<FramePage>(backend, 'listFrames', { datasetId: 1 })).rows[0]!;
    const frame = await call<Frame>(backend, 'getFrame', { datasetId: 1, imageId: first.imageId });
    expect(frame).toMatchObject({
      width: 640,
      height: 480,
      sequence: 'TS1',
      intrinsics: { f: [1400, 1400], c: [320, 240] },
    });
    expect(frame.people).toHaveLength(2);
    expect(frame.people[0]!.joints3d).toEqual(people[0]);
    const [x, y, z] = people[0]![0]!;
    expect(frame.people[0]!.joints2d![0]![0]).toBeCloseTo((1400 * x!) / z! + 320, 6);
    expect(frame.people[0]!.joints2d![0]![1]).toBeCloseTo((1400 * y!) / z! + 240, 6);
  });

  it('imports a prediction file as a run, ranks frames by it and tells listeners', async () => {
    const changed: unknown[] = [];
    const off = backend.onEvent((e, p) => e === 'datasetChanged' && changed.push(p));
    const frames = (await call<FramePage>(backend, 'listFrames', { datasetId: 1 })).rows;
    // Person 0 exact, person 1 with one of 17 joints 170 mm off (MPJPE 10 mm), TS2 missed.
    const preds = [
      { image_id: 1, joints_cam: people[0] },
      { image_id: 1, joints_cam: people[1]!.map(([a, b, c], j) => [j === 4 ? a! + 170 : a, b, c]) },
      { image_id: 2, joints_cam: people[2] },
    ];
    const file = join(tmp, 'preds.json');
    writeFileSync(file, JSON.stringify(preds));
    const run = await call<RunInfo>(backend, 'importPredictions', {
      datasetId: 1,
      file,
      name: 'baseline',
    });
    off();
    expect(run).toMatchObject({ name: 'baseline', kind: 'import', predictions: 3 });
    expect(changed).toEqual([{ datasetId: 1 }]);
    const worst = await call<FramePage>(backend, 'listFrames', {
      datasetId: 1,
      sort: 'mpjpe',
      descending: true,
      runId: run.id,
    });
    expect(worst.rows[0]!.imageId).toBe(frames[0]!.imageId);
    expect(worst.rows[0]!.value).toBeCloseTo(10, 6);
    expect(worst.rows.at(-1)!.value).toBeNull();
    const frame = await call<Frame>(backend, 'getFrame', {
      datasetId: 1,
      imageId: frames[0]!.imageId,
    });
    expect(frame.predictions.map((p) => p.mpjpe)).toEqual([0, expect.closeTo(10, 6)]);
    // 3D-only predictions are projected through the frame's camera for the image overlay.
    expect(frame.predictions[0]!.joints2d).toEqual(
      frame.people[0]!.joints2d!.map((p) => [expect.closeTo(p![0], 6), expect.closeTo(p![1], 6)]),
    );
  });

  it('lists people with every metric of a run, ranked by any metric or one joint', async () => {
    const runs = (await call<DatasetInfo>(backend, 'datasetInfo', { datasetId: 1 })).runs;
    const runId = runs[0]!.id;
    const page = await call<PeoplePage>(backend, 'listPeople', {
      datasetId: 1,
      runId,
      sort: 'mpjpe',
      descending: true,
      joint: 4,
    });
    expect(page.total).toBe(3);
    expect(page.rows[0]).toMatchObject({
      person: 1,
      mpjpe: expect.closeTo(10, 6),
      joint: expect.closeTo(170, 6),
      ranking_acc: expect.any(Number),
    });
    expect(page.rows.map((r) => r.mpjpe)).toEqual([expect.closeTo(10, 6), 0, 0]);
    const byJoint = await call<PeoplePage>(backend, 'listPeople', {
      datasetId: 1,
      runId,
      sort: 'joint',
      joint: 4,
      descending: true,
      limit: 1,
    });
    expect(byJoint.rows[0]!.joint).toBeCloseTo(170, 6);
    const labels = await call<PeoplePage>(backend, 'listPeople', { datasetId: 1 });
    expect(labels.total).toBe(4);
    expect(labels.rows[0]!.mpjpe).toBeNull();
    await expect(
      call(backend, 'listPeople', { datasetId: 1, runId, sort: 'joint' }),
    ).rejects.toThrow(/needs a joint index/);
    expect(await call<GroupInfo[]>(backend, 'listGroups', { datasetId: 1 })).toEqual([
      { group: 'TS1', frames: 2, people: 3 },
      { group: 'TS2', frames: 1, people: 1 },
    ]);
  });

  it('filters frames by a metric range and by missed people, and ranks scores worst-first', async () => {
    const runId = (await call<DatasetInfo>(backend, 'datasetInfo', { datasetId: 1 })).runs[0]!.id;
    const ranged = await call<FramePage>(backend, 'listFrames', {
      datasetId: 1,
      runId,
      sort: 'mpjpe',
      filter: { range: { metric: 'mpjpe', min: 5 } },
    });
    expect(ranged.rows.map((r) => r.file)).toEqual(['MultiPersonTestSet/TS1/img_000000.jpg']);
    const missed = await call<FramePage>(backend, 'listFrames', {
      datasetId: 1,
      runId,
      filter: { missedOnly: true },
    });
    expect(missed.rows).toMatchObject([
      { file: 'MultiPersonTestSet/TS2/img_000000.jpg', matched: 0, missed: 1 },
    ]);
    const pck = await call<FramePage>(backend, 'listFrames', {
      datasetId: 1,
      runId,
      sort: 'pck_rel',
    });
    expect(pck.rows.at(-1)!.value).toBeNull();
  });

  it('finds the next and previous failure in the order, and lists the filter facets', async () => {
    const runId = (await call<DatasetInfo>(backend, 'datasetInfo', { datasetId: 1 })).runs[0]!.id;
    // By file: TS1/img_000000 (a wrist 170 mm off: MPJPE 10 mm), TS1/img_000001, TS2 (missed).
    const find = (from: number, direction: 1 | -1, value: number) =>
      call<{ position: number | null; imageId: number | null }>(backend, 'findFailure', {
        datasetId: 1,
        runId,
        from,
        direction,
        threshold: { metric: 'mpjpe', value },
      });
    expect((await find(-1, 1, 5)).position).toBe(0);
    expect((await find(0, 1, 5)).position).toBe(2);
    expect((await find(2, -1, 5)).position).toBe(0);
    expect((await find(2, 1, 5)).position).toBeNull();
    // Past a threshold nobody reaches, only the missed person is a failure.
    const missed = await find(-1, 1, 500);
    expect(missed.position).toBe(2);
    const frames = await call<FramePage>(backend, 'listFrames', { datasetId: 1, runId });
    expect(frames.rows[2]!.imageId).toBe(missed.imageId);
    // A filter renumbers the order: within TS1 alone nothing is missed.
    const inTs1 = await call<{ position: number | null }>(backend, 'findFailure', {
      datasetId: 1,
      runId,
      from: -1,
      direction: 1,
      filter: { group: 'TS1' },
      threshold: { metric: 'mpjpe', value: 500 },
    });
    expect(inTs1.position).toBeNull();
    await expect(
      call(backend, 'findFailure', { datasetId: 1, runId, from: 0, direction: 2 }),
    ).rejects.toThrow(/findFailure: invalid arguments: direction/);
    const facets = await call<{ people: { value: string; frames: number }[] }>(
      backend,
      'listFacets',
      { datasetId: 1 },
    );
    expect(facets.people).toEqual([
      { value: '1', frames: 2 },
      { value: '2', frames: 1 },
    ]);
    const pairs = await call<FramePage>(backend, 'listFrames', {
      datasetId: 1,
      filter: { minPeople: 2, maxPeople: 2 },
    });
    expect(pairs.total).toBe(1);
  });

  it('gives the dashboard its distributions, computed on the main side', async () => {
    const runId = (await call<DatasetInfo>(backend, 'datasetInfo', { datasetId: 1 })).runs[0]!.id;
    const d = await call<RunDistributions>(backend, 'runDistributions', { datasetId: 1, runId });
    expect(d.people).toBe(3);
    const mpjpe = d.histograms.find((h) => h.metric === 'mpjpe')!;
    expect(mpjpe.counts[0]).toBe(2);
    expect(mpjpe.counts[2]).toBe(1);
    expect(mpjpe.counts.reduce((a, b) => a + b, 0)).toBe(3);
    // 50 of 51 joints within 5 mm; the one wrist 170 mm off passes nothing below 170. At 0 mm
    // nothing passes: the count is error < threshold (mpii_compute_3d_pck.m).
    expect(d.pckCurve!.pck[0]).toBe(0);
    expect(d.pckCurve!.pck[1]).toBeCloseTo((100 * 50) / 51, 9);
    expect(d.pckCurve!.pck.at(-1)).toBeCloseTo((100 * 50) / 51, 9);
    expect(d.depth!.gt).toEqual(d.depth!.pred);
    await expect(call(backend, 'runDistributions', { datasetId: 1, runId: 999 })).rejects.toThrow(
      /no run 999 in dataset mupots/,
    );
  });

  it('says why an imported run has no model outputs to show', async () => {
    const runId = (await call<DatasetInfo>(backend, 'datasetInfo', { datasetId: 1 })).runs[0]!.id;
    const frame = (await call<FramePage>(backend, 'listFrames', { datasetId: 1 })).rows[0]!;
    const f = await call<Frame>(backend, 'getFrame', { datasetId: 1, imageId: frame.imageId });
    const a = await call<PersonArtifacts>(backend, 'getArtifacts', {
      datasetId: 1,
      runId,
      instanceId: f.people[0]!.instanceId,
    });
    expect(a).toMatchObject({
      items: [],
      crop: null,
      note: expect.stringMatching(/imported from a prediction file/),
    });
  });

  it('serves images and cached thumbnails by id', async () => {
    const first = (await call<FramePage>(backend, 'listFrames', { datasetId: 1 })).rows[0]!;
    const image = await backend.media(`/media/1/image/${first.imageId}`);
    expect(image).toMatchObject({ status: 200, type: 'image/jpeg' });
    const thumb = await backend.media(`/media/1/thumb/${first.imageId}?w=160`);
    expect(thumb.status).toBe(200);
    expect((await sharp(Buffer.from(thumb.body)).metadata()).width).toBe(160);
    const again = await backend.media(`/media/1/thumb/${first.imageId}?w=160`);
    expect(Buffer.compare(Buffer.from(again.body), Buffer.from(thumb.body))).toBe(0);
    expect((await backend.media(`/media/1/thumb/${first.imageId}?w=5000`)).status).toBe(400);
    expect((await backend.media('/media/1/image/999999')).status).toBe(404);
    expect((await backend.media('/media/7/image/1')).status).toBe(404);
    expect((await backend.media('/media/1/../../etc/passwd')).status).toBe(404);
  });

  it.each([
    [
      'a folder that does not exist',
      { path: '/no/such/folder' },
      /cannot open \/no\/such\/folder: no such folder/,
    ],
    ['a file instead of a folder', 'FILE', /it is a file; open the dataset's folder/],
    ['a missing argument', {}, /openDataset: invalid arguments: path: /],
  ])('says what is wrong when opening %s', async (_what, args, message) => {
    const file = join(tmp, 'mupots', 'MuPoTS-3D.json');
    await expect(
      call(backend, 'openDataset', args === 'FILE' ? { path: file } : args),
    ).rejects.toThrow(message);
  });

  it('keeps what was indexed when a re-index of the folder fails', async () => {
    const json = join(dataset, 'MuPoTS-3D.json');
    const good = readFileSync(json, 'utf8');
    writeFileSync(json, good.slice(0, 200));
    const again = await call<DatasetInfo>(backend, 'openDataset', { path: dataset });
    expect(again.failed[0]).toMatchObject({
      unit: 'MuPoTS-3D.json',
      error: expect.stringMatching(/MuPoTS-3D\.json:\d+:\d+/),
    });
    expect(again.images).toBe(3);
    expect(again.runs.map((r) => r.name)).toEqual(['baseline']);
    writeFileSync(json, good);
  });

  it('exports only where asked: never into the dataset, over an earlier export only when told', async () => {
    const first = await call<{ suggested: string | null; out: string | null }>(
      backend,
      'exportTarget',
      { datasetId: info.id, out: '' },
    );
    // Nothing is suggested before the first export: datasets live on shared storage.
    expect(first).toEqual({ out: null, suggested: null, holds: null, problem: null });
    await expect(
      call(backend, 'exportDataset', { datasetId: info.id, out: join(dataset, 'out') }),
    ).rejects.toThrow(
      `cannot export into the dataset's own folder ${dataset}: choose another folder`,
    );
    const out = join(tmp, 'exports', 'mupots-fixed');
    await call(backend, 'exportDataset', { datasetId: info.id, out, images: false });
    const again = await call<{ holds: string | null; suggested: string | null }>(
      backend,
      'exportTarget',
      { datasetId: info.id, out },
    );
    expect(again.suggested).toBe(join(tmp, 'exports', 'mupots-corrected'));
    expect(again.holds).toMatch(/^an export of .*mupots \(mupots, written .*\): MuPoTS-3D\.json/);
    await expect(call(backend, 'exportDataset', { datasetId: info.id, out })).rejects.toThrow(
      /already holds an export of .*: confirm to replace it \(nothing was written\)$/,
    );
    await call(backend, 'exportDataset', { datasetId: info.id, out, replace: true });
  });

  it('sets a corrupt settings file aside instead of losing it', async () => {
    const dir = join(tmp, 'bad-user');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'settings.json'), '{"recent": 42}');
    const warnings: string[] = [];
    const b = inlineBackend({
      version: '1',
      appRoot: process.cwd(),
      shell: 'browser',
      userDir: dir,
      indexDir: join(dir, 'i'),
      log: (m) => warnings.push(m),
    });
    expect(await call<RecentDataset[]>(b, 'recentDatasets')).toEqual([]);
    expect(warnings[0]).toMatch(
      /settings\.json: its values are not valid; set aside as settings\.json\.bad/,
    );
    expect(readFileSync(join(dir, 'settings.json.bad'), 'utf8')).toBe('{"recent": 42}');
    await b.close();
  });

  it('logs slow calls with their arguments', async () => {
    const slowLogs: string[] = [];
    const b = inlineBackend({
      version: '1',
      appRoot: process.cwd(),
      shell: 'browser',
      userDir,
      indexDir: join(userDir, 'indexes'),
      slowCallMs: -1,
      log: (m) => slowLogs.push(m),
    });
    await call(b, 'recentDatasets');
    expect(slowLogs[0]).toMatch(/^slow call: recentDatasets took \d+ ms with \{\}/);
    await b.close();
  });

  it('refuses an edit whose shape does not fit the skeleton, before any edit code runs', async () => {
    const undoable = async () =>
      (await call<{ undo: number }>(backend, 'editState', { datasetId: 1 })).undo;
    const before = await undoable();
    const frame = await call<Frame>(backend, 'getFrame', { datasetId: 1, imageId: 3 });
    const person = frame.people[0]!;
    const edit = (extra: Record<string, unknown>) =>
      call(backend, 'editPerson', {
        datasetId: 1,
        instanceId: person.instanceId,
        tool: 'drag-2d',
        joint: 0,
        ...extra,
      });
    await expect(edit({ joints2d: person.joints2d!.slice(0, 5) })).rejects.toThrow(
      "editPerson: invalid arguments: joints2d: 5 joints, the dataset's mupots17 skeleton has 17",
    );
    await expect(edit({ joint: 999, joints2d: person.joints2d })).rejects.toThrow(
      'joint: joint 999 does not exist: mupots17 has joints 0…16',
    );
    await expect(edit({ tool: 'edit-box', joint: null, bbox: [0, 0, -10, 20] })).rejects.toThrow(
      /editPerson: invalid arguments: bbox\.2: .*>=0/,
    );
    await expect(
      call(backend, 'addPerson', { datasetId: 1, imageId: 3, bbox: [0, 0, 10, -20] }),
    ).rejects.toThrow(/addPerson: invalid arguments: bbox\.3: .*>=0/);
    // Nothing reached the edit log.
    expect(await undoable()).toBe(before);
  });

  it('refuses an edit made from a stale view of its person, keeping what the other changed', async () => {
    // Two windows load the same person; each moves another joint from the same view.
    const frame = await call<Frame>(backend, 'getFrame', { datasetId: 1, imageId: 2 });
    const seen = frame.people[0]!;
    expect(typeof seen.version).toBe('number');
    const moved = (j: number) => seen.joints2d!.map((p, k) => (k === j ? [p![0] + 7, p![1]] : p));
    const first = {
      datasetId: 1,
      instanceId: seen.instanceId,
      tool: 'drag-2d',
      version: seen.version,
    };
    await call(backend, 'editPerson', { ...first, joint: 0, joints2d: moved(0) });
    await expect(
      call(backend, 'editPerson', { ...first, joint: 5, joints2d: moved(5) }),
    ).rejects.toThrow(/was changed by someone else since this view was loaded: reload the frame/);
    const after = (await call<Frame>(backend, 'getFrame', { datasetId: 1, imageId: 2 })).people[0]!;
    expect(after.joints2d![0]![0]).toBeCloseTo(seen.joints2d![0]![0]! + 7, 6);
    expect(after.joints2d![5]![0]).toBeCloseTo(seen.joints2d![5]![0]!, 6);
    expect(after.version).toBe(seen.version! + 1);
    // Reloaded, the second window's edit goes through.
    await call(backend, 'editPerson', {
      ...first,
      version: after.version,
      joint: 5,
      joints2d: after.joints2d!.map((p, k) => (k === 5 ? [p![0] + 7, p![1]] : p)),
    });
    await call(backend, 'undoEdit', { datasetId: 1 });
    await call(backend, 'undoEdit', { datasetId: 1 });
  });

  it('adds and deletes people through their own calls, refusing them as plain edits', async () => {
    const frame = await call<Frame>(backend, 'getFrame', { datasetId: 1, imageId: 3 });
    const [only] = frame.people;
    await expect(
      call(backend, 'editPerson', {
        datasetId: 1,
        instanceId: only!.instanceId,
        tool: 'delete-person',
        joint: null,
      }),
    ).rejects.toThrow('delete-person is its own call (addPerson, deletePerson), not an edit');
    await expect(
      call(backend, 'addPerson', { datasetId: 1, imageId: 3, joints3d: [[0, 0, 4000]] }),
    ).rejects.toThrow('cannot add a person: joints3d has 1 joints, mupots17 has 17');
    const added = await call<EditOutcome>(backend, 'addPerson', {
      datasetId: 1,
      imageId: 3,
      joints3d: only!.joints3d!.map((j) => j && [j[0] + 800, j[1], j[2]]),
    });
    await call(backend, 'deletePerson', { datasetId: 1, instanceId: only!.instanceId });
    const after = await call<Frame>(backend, 'getFrame', { datasetId: 1, imageId: 3 });
    expect(after.people.map((p) => p.instanceId)).toEqual([added.instanceId]);
    expect(after.people[0]!.joints2d![0]![0]).toBeGreaterThan(only!.joints2d![0]![0]!);
    expect(added.state.undo).toBeGreaterThan(0);
    await call(backend, 'undoEdit', { datasetId: 1 });
    await call(backend, 'undoEdit', { datasetId: 1 });
    const back = await call<Frame>(backend, 'getFrame', { datasetId: 1, imageId: 3 });
    expect(back.people.map((p) => p.instanceId)).toEqual([only!.instanceId]);
  });
});
