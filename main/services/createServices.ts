import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InferenceStatus, PoseScopeService } from '../../contract';
import { EditSession } from '../edit/editSession';
import { evaluateRun } from '../eval/evaluateRun';
import { doctor } from '../inference/doctor';
import { openIndex } from '../store/db/openIndex';
import { imageFile } from '../store/frames/frameQueries';
import { thumbnailSkeletons } from '../store/frames/frameList';
import { getSkeleton } from '../../core';
import { listRuns } from '../store/runs/runList';
import { DatasetOpening } from './datasetOpening';
import { editCalls } from './editCalls';
import { exportFromApp, exportTargetOf } from './exportService';
import { InferenceJobs } from './inferenceJobs';
import { modelCalls } from './modelCalls';
import { runCalls } from './runCalls';
import { watchRuns } from './runWatch';
import { modelFolders } from '../inference/modelRegistry';
import { OpenDatasets, resolveInside } from './openDatasets';
import { queryCalls } from './queryCalls';
import type { ServiceOptions, Services } from './serviceOptions';
import { SettingsStore } from './settings';

export type { ServiceOptions, Services } from './serviceOptions';

/** The main-side services behind the contract, over the SQLite index and the dataset folders. */
export function createServices(o: ServiceOptions): Services {
  const settings = new SettingsStore(o.userDir, o.warn);
  const open = new OpenDatasets();
  // Runs made by `posescope infer` in a terminal show up in the open app; the app's own changes
  // (said below with datasetChanged) are taken as the watch's baseline, not told again.
  const watch = watchRuns(open, o.emit);
  const emit: ServiceOptions['emit'] = (event, payload) => {
    o.emit(event, payload);
    if (event === 'datasetChanged') watch.ours((payload as { datasetId: number }).datasetId);
  };
  const opening = new DatasetOpening({ ...o, emit }, open, settings);
  let inference: Promise<InferenceStatus> | undefined;
  let doctorReport: ReturnType<typeof doctor> | undefined;
  // Probing providers opens a model on each: once per app run.
  const probe = () => (doctorReport ??= doctor());
  const userModels = join(o.userDir, 'models');
  const jobs = new InferenceJobs({
    appRoot: o.appRoot,
    modelFolders: () => modelFolders(o.appRoot, [], userModels),
    open,
    whenIndexed: async (root) => opening.whenIndexed(root),
    emit,
    ...(o.inferWorker ? { inferWorker: o.inferWorker } : {}),
    ...(o.inferRunner ? { runner: o.inferRunner } : {}),
    settingsFile: settings.file,
  });

  const startDataset = (): string | null => {
    const candidates = [o.startDataset, ...settings.recent().map((r) => r.path), o.sampleDir];
    return candidates.find((p): p is string => p !== undefined && existsSync(p)) ?? null;
  };

  const edits = new EditSession({
    annotator: () => settings.annotator(),
    writerFor: (d) => openIndex(d.dbFile),
    changed: (d) => emit('datasetChanged', { datasetId: d.sessionId }),
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
      inference ??= probe().then((r) => ({
        onnxruntime: r.onnxruntime,
        cpuCores: r.cpuCores,
        providers: r.providers.map((p) => ({ ...p })),
        chosen: r.chosen ?? null,
      }));
      return inference;
    },

    recentDatasets: () => settings.recent(),

    openDataset: ({ path, format }) => opening.openFolder(path, format),

    datasetInfo: ({ datasetId }) => opening.info(open.get(datasetId)),

    ...queryCalls(open),

    ...editCalls(open, edits, settings),

    ...modelCalls({
      appRoot: o.appRoot,
      userDir: o.userDir,
      doctor: probe,
      skeletonOf: (datasetId) => open.get(datasetId).skeleton,
    }),

    ...runCalls(open, edits, emit, (datasetId, runId) => jobs.busy(datasetId, runId)),

    startInference: (req) => jobs.start(req),
    stopInference: ({ jobId }) => jobs.stop(jobId),
    resumeRun: ({ datasetId, runId, rerun }) => jobs.resume(datasetId, runId, rerun),
    inferenceJobs: () => jobs.list(),

    exportDataset(q) {
      const d = open.get(q.datasetId);
      const result = edits.write(d, (db) => exportFromApp(db, d, q));
      settings.setLastExport(result.out);
      return result;
    },

    exportTarget: ({ datasetId, out }) =>
      exportTargetOf(open.get(datasetId), out, settings.lastExport()),

    async importPredictions({ datasetId, file, name, predSkeleton }) {
      const path = resolve(file);
      if (!existsSync(path)) throw new Error(`cannot import ${path}: no such file`);
      // Predictions are matched against every labelled person: wait for the whole index (whose
      // end re-opens the dataset's reader, so the dataset is looked up after).
      await opening.whenIndexed(open.get(datasetId).root);
      const d = open.get(datasetId);
      const writer = openIndex(d.dbFile);
      try {
        const result = evaluateRun(
          writer,
          { id: d.dbId, format: d.format, skeleton: d.skeleton },
          path,
          { name, ...(predSkeleton ? { predSkeleton } : {}) },
        );
        emit('datasetChanged', { datasetId });
        const run = listRuns(d.reader, d.dbId).find((r) => r.name === result.run);
        if (!run || !result.read) throw new Error(`run ${result.run} was not stored`);
        return { ...run, read: result.read };
      } finally {
        writer.close();
      }
    },
  };

  return {
    service,
    imagePath(datasetId, imageId) {
      const d = open.get(datasetId);
      const file = imageFile(d.reader, d.dbId, imageId);
      if (file === undefined) throw new Error(`frame ${imageId} is not in dataset ${d.name}`);
      return resolveInside(d.root, file);
    },
    posesOf(datasetId, imageId) {
      const d = open.get(datasetId);
      const t = thumbnailSkeletons(d.reader, d.dbId, d.format, imageId);
      if (t.width === null || t.height === null) return undefined;
      return {
        poses: { width: t.width, height: t.height, skeletons: t.skeletons },
        skeleton: getSkeleton(d.skeleton),
      };
    },
    close: () => {
      watch.stop();
      jobs.close();
      edits.close();
      open.close();
    },
  };
}
