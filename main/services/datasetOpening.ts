import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errorMessage, type DatasetInfo } from '../../contract';
import { evaluateRun } from '../eval/evaluateRun';
import type { IndexSummary } from '../indexer/indexDataset';
import { runIndexJob } from '../indexer/indexJob';
import { defaultDbFor } from '../platform/defaultDb';
import { datasetCounts } from '../store/datasets/datasetCounts';
import { openIndex } from '../store/db/openIndex';
import { listRuns } from '../store/runs/runList';
import type { OpenDatasets, OpenDataset } from './openDatasets';
import type { ServiceOptions } from './serviceOptions';
import type { SettingsStore } from './settings';

/**
 * Opening a folder: indexing it (on the index worker), showing the first committed part of a
 * large one while the rest is read, and describing an open dataset to the UI.
 */
export class DatasetOpening {
  private readonly lastIndex = new Map<string, IndexSummary>();
  /** Folders whose index job is still running after their first part was shown. */
  private readonly indexing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly o: ServiceOptions,
    private readonly open: OpenDatasets,
    private readonly settings: SettingsStore,
  ) {}

  info(d: OpenDataset): DatasetInfo {
    const summary = this.lastIndex.get(d.root);
    return {
      id: d.sessionId,
      root: d.root,
      name: d.name,
      format: d.format,
      skeleton: d.skeleton,
      skeletonSpec: d.skeletonSpec && {
        ...d.skeletonSpec,
        joints: [...d.skeletonSpec.joints],
        bones: d.skeletonSpec.bones.map(([a, b]) => [a, b]),
      },
      ...datasetCounts(d.reader, d.dbId),
      runs: listRuns(d.reader, d.dbId),
      issues: (summary?.issues ?? []).map((i) => ({
        kind: i.kind,
        count: i.count,
        examples: [...i.examples],
      })),
      failed: [...(summary?.failed ?? [])],
      indexing: this.indexing.has(d.root),
    };
  }

  /** Settles when the folder's running index job (if any) has ended. */
  whenIndexed(root: string): Promise<unknown> | undefined {
    return this.indexing.get(root);
  }

  async openFolder(path: string, format: DatasetInfo['format'] | undefined): Promise<DatasetInfo> {
    const { o, open, indexing } = this;
    const root = resolve(path);
    if (!existsSync(root)) throw new Error(`cannot open ${root}: no such folder`);
    if (!statSync(root).isDirectory())
      throw new Error(`cannot open ${root}: it is a file; open the dataset's folder`);
    const dbFile = this.dbFileFor(root);
    const already = open.idOf(root);
    // One index job per folder: asked again while it runs, the part indexed so far is shown.
    if (indexing.has(root) && already !== undefined) return this.info(open.get(already));
    // Recent in the order the user asked, not the order indexing happened to finish in.
    this.settings.addRecent(root, null);
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
    if (first !== 'partial') return this.info(this.finish(root, dbFile, first));
    const partial = open.register(root, dbFile);
    indexing.set(
      root,
      job.catch(() => undefined),
    );
    job.then(
      (summary) => {
        indexing.delete(root);
        try {
          o.emit('datasetChanged', { datasetId: this.finish(root, dbFile, summary).sessionId });
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
    return this.info(partial);
  }

  private dbFileFor(root: string): string {
    return defaultDbFor(root, { indexDir: this.o.indexDir });
  }

  /** The whole folder is indexed: (re-)open its reader and say so. */
  private finish(root: string, dbFile: string, summary: IndexSummary): OpenDataset {
    const { o, open } = this;
    this.lastIndex.set(root, summary);
    let d = open.register(root, dbFile);
    if (o.sampleDir && root === resolve(o.sampleDir) && listRuns(d.reader, d.dbId).length === 0) {
      // The bundled sample arrives with its prediction run already scored, so a newcomer sees
      // failures ranked on first open.
      importSampleRuns(d);
      d = open.register(root, dbFile);
    }
    this.settings.setFormat(root, summary.format);
    o.emit('indexProgress', { path: root, done: 1, total: 1, phase: 'done' });
    return d;
  }
}

function importSampleRuns(d: OpenDataset): void {
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
}
