import { isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import type { InferenceRequest } from '../../contract';
import { loadCard } from '../inference/modelCard';
import { remoteRequest } from '../inference/remote/remoteFactory';
import { ensureBlazePose, resolveCard } from '../inference/modelRegistry';
import { resolvePipeline } from '../inference/pipelines';
import { checkSkeletons, defaultRunName, type InferRequest } from '../inference/runInference';
import { runRequest, runScope } from '../store/runs/inferenceResults';
import type { OpenDataset } from './openDatasets';

export interface PlanContext {
  readonly appRoot: string;
  /** The folders cards may come from: the app's, the user's, POSESCOPE_MODELS. */
  readonly modelFolders: () => string[];
}

/** What a job will run: the run it writes and the inference request, less the index paths. */
export interface JobPlan {
  readonly runName: string;
  /** The run it resumes or starts over; null for a new run. */
  readonly runId: number | null;
  readonly imageIds: readonly number[] | null;
  readonly request: Omit<InferRequest, 'dbFile' | 'dataset'>;
}

/** What `runs.request` holds (runInference's storedRequest). */
const storedRequest = z.object({
  cards: z.array(z.string()).min(1),
  pipeline: z.string().optional(),
  boxes: z.enum(['gt', 'detector', 'auto']).default('auto'),
  provider: z.string().default('auto'),
  batchSize: z.number().int().positive().optional(),
  remote: remoteRequest.optional(),
});

const inside = (file: string, dir: string): boolean => {
  const r = relative(dir, file);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r);
};

/**
 * A card reference as a file: a card name is looked up in the model folders; a path is taken
 * only inside them, so a renderer cannot make the main side load a file from anywhere.
 */
function cardFile(ref: string, folders: readonly string[]): string {
  const looksLikePath = ref.endsWith('.json') || /[\\/]/.test(ref);
  if (!looksLikePath) return resolveCard(ref, folders);
  const file = resolve(ref);
  if (!folders.some((dir) => inside(file, dir)))
    throw new Error(
      `${file} is outside the model folders (${folders.join(', ')}); add the model with Add model… or posescope models add`,
    );
  return resolveCard(file, folders);
}

/** The run a request asks for: cards resolved and checked against the dataset, a free name. */
export async function planFromRequest(
  ctx: PlanContext,
  d: OpenDataset,
  req: InferenceRequest,
  imageIds: readonly number[] | null,
  taken: (name: string) => boolean,
): Promise<JobPlan> {
  const folders = ctx.modelFolders();
  let refs: string[];
  if (req.pipeline !== undefined) {
    const named = resolvePipeline(req.pipeline, d.skeleton, folders);
    if (!named) throw new Error(`no pipeline named "${req.pipeline}" in ${folders.join(', ')}`);
    refs = named;
  } else refs = req.cards ?? [];
  await ensureBlazePose(refs, ctx.appRoot);
  const cards = refs.map((r) => cardFile(r, folders));
  const loaded = cards.map((c) => loadCard(c));
  checkSkeletons(loaded, d.skeleton);

  let runName = req.runName?.trim();
  if (runName !== undefined && taken(runName) && !req.rerun)
    throw new Error(
      `a run named "${runName}" exists; pick another name, or resume or re-run it from the run list`,
    );
  if (runName === undefined) {
    // A new run by default: the first free of keypoints-3d, keypoints-3d-2, …
    const base = defaultRunName(loaded, req.pipeline, req.boxes);
    runName = base;
    for (let n = 2; taken(runName); n++) runName = `${base}-${n}`;
  }
  return {
    runName,
    runId: null,
    imageIds,
    request: {
      cards,
      ...(req.pipeline !== undefined ? { pipeline: req.pipeline } : {}),
      runName,
      provider: req.provider,
      boxes: req.boxes,
      rerun: req.rerun,
      ...(req.batchSize !== undefined ? { batchSize: req.batchSize } : {}),
      ...(req.remote ? { remote: req.remote } : {}),
      ...(imageIds ? { imageIds } : {}),
    },
  };
}

/** A stored inference run's request again: resumed where it stopped, or started over. */
export function planFromRun(
  ctx: PlanContext,
  d: OpenDataset,
  run: { id: number; name: string; status: string | null },
  rerun: boolean,
): JobPlan {
  const text = runRequest(d.reader, run.id);
  if (text === null)
    throw new Error(
      `run "${run.name}" holds imported predictions or was made before PoseScope kept what runs were asked for; only such inference runs can be resumed or re-run`,
    );
  const parsed = storedRequest.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`run "${run.name}": its stored request is not readable`);
  if (run.status === 'done' && !rerun)
    throw new Error(`run "${run.name}" is finished; Re-run starts it over`);
  const folders = ctx.modelFolders();
  const cards = parsed.data.cards.map((c) => {
    try {
      return cardFile(c, folders);
    } catch (err) {
      throw new Error(`run "${run.name}" cannot be resumed: ${(err as Error).message}`, {
        cause: err,
      });
    }
  });
  const imageIds = runScope(d.reader, run.id);
  const { boxes, provider, batchSize, pipeline, remote } = parsed.data;
  return {
    runName: run.name,
    runId: run.id,
    imageIds,
    request: {
      cards,
      ...(pipeline !== undefined ? { pipeline } : {}),
      runName: run.name,
      provider,
      boxes,
      rerun,
      ...(batchSize !== undefined ? { batchSize } : {}),
      // A remote run resumes on the servers it was started on.
      ...(remote ? { remote } : {}),
      ...(imageIds ? { imageIds } : {}),
    },
  };
}
