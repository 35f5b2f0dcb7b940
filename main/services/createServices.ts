import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  errorMessage,
  type DatasetInfo,
  type EventName,
  type EventPayload,
  type InferenceStatus,
  type PoseScopeService,
  type RunInfo,
} from '../../contract';
import { defaultDbFor } from '../cli/defaultDb';
import { evaluateRun } from '../eval/evaluateRun';
import { runIndexJob } from '../indexer/indexJob';
import type { IndexSummary } from '../indexer/indexDataset';
import { doctor } from '../inference/doctor';
import { datasetCounts } from '../store/datasetCounts';
import { openIndex } from '../store/openIndex';
import { getArtifacts } from './artifactQueries';
import { findFailure, listFrames } from './frameList';
import { getFrame } from './frameQueries';
import { EditSession } from '../edit/editSession';
import { editCalls } from './editCalls';
import { exportFromApp } from './exportService';
import { OpenDatasets, resolveInside, type OpenDataset } from './openDatasets';
import { listFacets, listGroups, listPeople, runDistributions } from './runQueries';
import { SettingsStore } from './settings';

export interface ServiceOptions {
  readonly version: string;
  readonly shell: 'electron' | 'browser';
  /** Settings (recent datasets) live here. */
  readonly userDir: string;
  /** Index files go here when given (tests, `--user-data`); else the user cache folder. */
  readonly indexDir?: string;
  /** The bundled sample dataset, when installed. */
  readonly sampleDir?: string;
  /** A folder named on the command line, opened on start instead of the last one. */
  readonly startDataset?: string;
  readonly parseWorker?: string;
  readonly indexWorker?: string;
  /** The bundled scoring worker; runs' set figures are computed inline without it (tests). */
  readonly summaryWorker?: string;
  readonly emit: <K extends EventName>(event: K, payload: EventPayload<K>) => void;
  readonly warn: (message: string) => void;
}

export interface Services {
  readonly service: PoseScopeService;
  /** Absolute path of a frame's image, refused unless it lies inside its dataset's folder. */
  imagePath(datasetId: number, imageId: number): string;
  close(): void;
}

const runsOf = (d: OpenDataset): RunInfo[] =>
  (
    d.reader
      .prepare(
        `SELECT id, name, kind, status, source, created_at AS createdAt, summary,
           (SELECT count(*) FROM predictions p WHERE p.run_id = runs.id) AS predictions
         FROM runs WHERE dataset_id = ? ORDER BY id`,
      )
      .all(d.dbId) as (Omit<RunInfo, 'summary'> & { summary: string | null })[]
  ).map((r) => ({
    ...r,
    summary: r.summary ? (JSON.parse(r.summary) as Record<string, unknown>) : null,
  }));

/** Refuses a run id that belongs to another dataset of the same index. */
function ownRun(d: OpenDataset, runId: number): void {
  const ok = d.reader
    .prepare('SELECT 1 FROM runs WHERE id = ? AND dataset_id = ?')
    .get(runId, d.dbId);
  if (!ok) throw new Error(`no run ${runId} in dataset ${d.name}`);
}

/** The main-side services behind the contract, over the SQLite index and the dataset folders. */
export function createServices(o: ServiceOptions): Services {
  const settings = new SettingsStore(o.userDir, o.warn);
  const open = new OpenDatasets();
  const lastIndex = new Map<string, IndexSummary>();
  /** Folders whose index job is still running after their first part was shown. */
  const indexing = new Map<string, Promise<unknown>>();
  let inference: Promise<InferenceStatus> | undefined;

  const dbFileFor = (root: string): string =>
    o.indexDir ? join(o.indexDir, defaultDbFor(root).split(/[\\/]/).pop()!) : defaultDbFor(root);

  const info = (d: OpenDataset): DatasetInfo => {
    const summary = lastIndex.get(d.root);
    return {
      id: d.sessionId,
      root: d.root,
      name: d.name,
      format: d.format,
      skeleton: d.skeleton,
      ...datasetCounts(d.reader, d.dbId),
      runs: runsOf(d),
      issues: (summary?.issues ?? []).map((i) => ({
        kind: i.kind,
        count: i.count,
        examples: [...i.examples],
      })),
      failed: [...(summary?.failed ?? [])],
      indexing: indexing.has(d.root),
    };
  };

  const importSampleRuns = (d: OpenDataset) => {
    const dir = join(d.root, 'predictions');
    if (!existsSync(dir)) return;
    const writer = openIndex(d.dbFile);
    try {
      for (const f of readdirSync(dir)
        .filter((n) => n.endsWith('.json'))
        .sort())
        evaluateRun(writer, { id: d.dbId, format: d.format, skeleton: d.skeleton }, join(dir, f));
    } finally {
      writer.close();
    }
  };

  const startDataset = (): string | null => {
    const candidates = [o.startDataset, ...settings.recent().map((r) => r.path), o.sampleDir];
    return candidates.find((p): p is string => p !== undefined && existsSync(p)) ?? null;
  };

  const edits = new EditSession({
    annotator: () => settings.annotator(),
    writerFor: (d) => openIndex(d.dbFile),
    changed: (d) => o.emit('datasetChanged', { datasetId: d.sessionId }),
    warn: o.warn,
    ...(o.summaryWorker ? { summaryWorker: o.summaryWorker } : {}),
  });

  const service: PoseScopeService = {
    appInfo: () => ({
      version: o.version,
      shell: o.shell,
      platform: process.platform,
      sampleDataset: o.sampleDir && existsSync(o.sampleDir) ? o.sampleDir : null,
      startDataset: startDataset(),
    }),

    inferenceStatus: () => {
      inference ??= doctor().then((r) => ({
        onnxruntime: r.onnxruntime,
        cpuCores: r.cpuCores,
        providers: r.providers.map((p) => ({ ...p })),
        chosen: r.chosen ?? null,
      }));
      return inference;
    },

    recentDatasets: () => settings.recent(),

    async openDataset({ path, format }) {
      const root = resolve(path);
      if (!existsSync(root)) throw new Error(`cannot open ${root}: no such folder`);
      if (!statSync(root).isDirectory())
        throw new Error(`cannot open ${root}: it is a file; open the dataset's folder`);
      const dbFile = dbFileFor(root);
      const already = open.idOf(root);
      // One index job per folder: asked again while it runs, the part indexed so far is shown.
      if (indexing.has(root) && already !== undefined) return info(open.get(already));
      // Recent in the order the user asked, not the order indexing happened to finish in.
      settings.addRecent(root, null);
      o.emit('indexProgress', { path: root, done: 0, total: 1, phase: 'indexing' });
      let committed!: () => void;
      const firstCommit = new Promise<'partial'>((ok) => (committed = () => ok('partial')));
      const job = runIndexJob({
        root,
        dbFile,
        format,
        parseWorker: o.parseWorker,
        indexWorker: o.indexWorker,
        writer: 'PoseScope (indexing the folder it opened)',
        onProgress: (done, total) =>
          o.emit('indexProgress', { path: root, done, total, phase: 'indexing' }),
        onCommitted: () => committed(),
      });
      const finish = (summary: IndexSummary): OpenDataset => {
        lastIndex.set(root, summary);
        let d = open.register(root, dbFile);
        if (o.sampleDir && root === resolve(o.sampleDir) && runsOf(d).length === 0) {
          // The bundled sample arrives with its prediction run already scored, so a newcomer sees
          // failures ranked on first open.
          importSampleRuns(d);
          d = open.register(root, dbFile);
        }
        settings.setFormat(root, summary.format);
        o.emit('indexProgress', { path: root, done: 1, total: 1, phase: 'done' });
        return d;
      };
      const failed = (err: unknown) => {
        const error = errorMessage(err);
        o.emit('indexProgress', { path: root, done: 0, total: 1, phase: 'failed', error });
      };
      // Whichever comes first: the whole index, or a first part of a large folder to show
      // while the rest is read (the job's own outcome then arrives as events).
      const first = await Promise.race([job, firstCommit]).catch((err: unknown) => {
        failed(err);
        throw err;
      });
      if (first !== 'partial') return info(finish(first));
      const partial = open.register(root, dbFile);
      indexing.set(
        root,
        job.catch(() => undefined),
      );
      job.then(
        (summary) => {
          indexing.delete(root);
          try {
            o.emit('datasetChanged', { datasetId: finish(summary).sessionId });
          } catch (err) {
            failed(err);
          }
        },
        (err: unknown) => {
          indexing.delete(root);
          failed(err);
          o.emit('datasetChanged', { datasetId: partial.sessionId });
        },
      );
      return info(partial);
    },

    datasetInfo: ({ datasetId }) => info(open.get(datasetId)),

    listFrames: (q) => {
      const d = open.get(q.datasetId);
      return listFrames(d.reader, d.dbId, d.format, q);
    },

    getFrame: ({ datasetId, imageId }) => {
      const d = open.get(datasetId);
      return getFrame(d.reader, d, imageId);
    },

    listGroups: ({ datasetId }) => listGroups(open.get(datasetId).reader, open.get(datasetId).dbId),

    listFacets: ({ datasetId }) => listFacets(open.get(datasetId).reader, open.get(datasetId).dbId),

    findFailure: (q) => {
      const d = open.get(q.datasetId);
      return findFailure(d.reader, d.dbId, q);
    },

    listPeople: (q) => listPeople(open.get(q.datasetId).reader, open.get(q.datasetId).dbId, q),

    runDistributions: ({ datasetId, runId }) => {
      const d = open.get(datasetId);
      ownRun(d, runId);
      return runDistributions(d.reader, runId);
    },

    getArtifacts: ({ datasetId, runId, instanceId }) => {
      const d = open.get(datasetId);
      ownRun(d, runId);
      return getArtifacts(d.reader, runId, instanceId);
    },

    ...editCalls(open, edits, settings),

    exportDataset(q) {
      const d = open.get(q.datasetId);
      return edits.write(d, (db) => exportFromApp(db, d, q));
    },

    async importPredictions({ datasetId, file, name }) {
      const path = resolve(file);
      if (!existsSync(path)) throw new Error(`cannot import ${path}: no such file`);
      // Predictions are matched against every labelled person: wait for the whole index (whose
      // end re-opens the dataset's reader, so the dataset is looked up after).
      await indexing.get(open.get(datasetId).root);
      const d = open.get(datasetId);
      const writer = openIndex(d.dbFile);
      try {
        const result = evaluateRun(
          writer,
          { id: d.dbId, format: d.format, skeleton: d.skeleton },
          path,
          {
            name,
          },
        );
        o.emit('datasetChanged', { datasetId });
        const run = runsOf(d).find((r) => r.name === result.run);
        if (!run) throw new Error(`run ${result.run} was not stored`);
        return run;
      } finally {
        writer.close();
      }
    },
  };

  return {
    service,
    imagePath(datasetId, imageId) {
      const d = open.get(datasetId);
      const row = d.reader
        .prepare('SELECT file FROM images WHERE id = ? AND dataset_id = ?')
        .get(imageId, d.dbId) as { file: string } | undefined;
      if (!row) throw new Error(`frame ${imageId} is not in dataset ${d.name}`);
      return resolveInside(d.root, row.file);
    },
    close: () => {
      edits.close();
      open.close();
    },
  };
}
