import { resolve } from 'node:path';
import { startInference } from '../inference/inferHost';
import { ensureBlazePose, modelFolders, resolveCard } from '../inference/modelRegistry';
import { resolvePipeline } from '../inference/pipelines';
import { DEFAULT_INFLIGHT, type RemoteRequest } from '../inference/remote/remoteFactory';
import type { InferResult } from '../inference/runInference';
import type { BoxSource } from '../inference/stageTypes';
import { defaultDbFor } from '../platform/defaultDb';
import { userSettingsFile } from '../platform/userDataDir';
import { userModelFolder } from '../platform/userModelFolder';
import { formatRun } from './evalTables';
import { refreshIndex } from './index.cmd';
import { progressBar } from './progress';

export interface InferCliOptions {
  readonly pipeline: string;
  readonly runName?: string;
  readonly provider?: string;
  readonly remote?: RemoteRequest;
  readonly batchSize?: number;
  readonly rerun: boolean;
  readonly boxes?: BoxSource;
  readonly db?: string;
  /** The app's user-data folder: the index is the one the app opens with it. */
  readonly userData?: string;
  readonly format?: string;
  readonly modelDir: readonly string[];
  readonly json: boolean;
  readonly parseWorker?: string;
  readonly inferWorker?: string;
  readonly appRoot: string;
}

function formatProviders(r: InferResult): string {
  return r.providers
    .map((p) => {
      const fell = p.attempts.filter((a) => a.error).map((a) => `${a.provider}: ${a.error}`);
      return `  ${p.card} on ${p.provider}${fell.length ? ` (fell back from ${fell.join('; ')})` : ''}`;
    })
    .join('\n');
}

/**
 * `posescope infer <folder> --pipeline a,b,c`: brings the index up to date, runs the pipeline
 * over every person (or image) on a worker thread, and prints the run's figures as eval does.
 * Ctrl-C stops after the batch in flight; the same command resumes.
 */
export async function inferCommand(folder: string, o: InferCliOptions): Promise<number> {
  const dbFile = o.db ?? defaultDbFor(folder, o);
  const indexed = refreshIndex(folder, dbFile, { ...o, progress: !o.json });
  if (!indexed) return 1;
  const folders = modelFolders(o.appRoot, o.modelDir, userModelFolder(o.userData));
  // A named pipeline (models/pipelines/*.json) picks the card set for the dataset's skeleton.
  const named = resolvePipeline(o.pipeline, indexed.skeleton, folders);
  const refs = (named ?? o.pipeline.split(',')).filter(Boolean);
  await ensureBlazePose(refs, o.appRoot);
  const cards = refs.map((c) => resolveCard(c, folders));
  const bar = progressBar('inferring', !o.json, 'items');
  const job = startInference(
    o.inferWorker,
    {
      dbFile,
      dataset: resolve(folder),
      cards,
      ...(named ? { pipeline: o.pipeline } : {}),
      runName: o.runName,
      provider: o.provider,
      ...(o.remote
        ? { remote: o.remote, settingsFile: userSettingsFile(o.userData), remoteEnvToken: 'any' }
        : {}),
      batchSize: o.batchSize,
      rerun: o.rerun,
      boxes: o.boxes,
    },
    (p) => bar.update(p.done, p.total),
  );
  const onSigint = () => {
    process.stderr.write(
      '\nposescope: stopping after this batch; run the same command to resume\n',
    );
    job.cancel();
  };
  process.once('SIGINT', onSigint);
  let r: InferResult;
  try {
    r = await job.result;
  } finally {
    bar.stop();
    process.off('SIGINT', onSigint);
  }
  if (o.json) {
    const { metrics, ...rest } = r;
    process.stdout.write(
      `${JSON.stringify({ dataset: indexed.dataset, format: indexed.format, db: indexed.db, ...rest, ...metrics }, null, 2)}\n`,
    );
  } else {
    const t = r.targets;
    const lines = [
      `${indexed.dataset} (${indexed.format}): run "${r.run}" ${r.status} in ${r.seconds.toFixed(1)} s`,
      formatProviders(r),
      ...(o.remote
        ? [
            `  on ${o.remote.servers.join(', ')}, ${o.remote.inflight ?? DEFAULT_INFLIGHT} batches in flight per server`,
          ]
        : []),
      `  targets ${t.total}: ${t.computed} computed, ${t.resumed} resumed, ${t.failed} failed`,
    ];
    if (r.metrics)
      lines.push(
        '',
        formatRun({
          run: r.run,
          file: 'inference',
          predictions: t.computed + t.resumed,
          metrics: r.metrics,
          issues: r.issues,
        }),
      );
    else lines.push(`  stopped early: run the same command to resume`);
    for (const i of r.issues) lines.push(`  ${i.kind}: ${i.count} (e.g. ${i.examples[0]})`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return r.status === 'done' ? 0 : 130;
}
