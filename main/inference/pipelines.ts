import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Named pipelines: `pipelines/<name>.json` in a model folder lists, per dataset skeleton, the
 * cards to run in order — so `posescope infer <folder> --pipeline keypoints-3d` picks the card
 * set made for the dataset's skeleton (models map joints to and from their own skeleton inside
 * the graph, and a card must name the dataset's skeleton).
 */
const pipelineSchema = z.strictObject({
  name: z.string().regex(/^[\w.-]+$/),
  description: z.string().optional(),
  /** Skeleton id → card names (or files relative to the pipeline file), in pipeline order. */
  cards: z.record(z.string(), z.array(z.string().min(1)).min(1)),
});
export type PipelineSpec = z.infer<typeof pipelineSchema>;

/** Every pipeline file in the folders' `pipelines/` subfolders, earlier folders first. */
export function pipelineFiles(folders: readonly string[]): string[] {
  const out: string[] = [];
  for (const dir of folders) {
    const sub = join(dir, 'pipelines');
    if (!existsSync(sub)) continue;
    for (const f of readdirSync(sub).sort()) if (f.endsWith('.json')) out.push(join(sub, f));
  }
  return out;
}

export function loadPipeline(file: string): PipelineSpec {
  const r = pipelineSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(pipeline)'}: ${issue.message}`);
  }
  return r.data;
}

/**
 * The card references of the pipeline named `name` for a dataset skeleton, or undefined when no
 * pipeline has that name (the caller then reads `name` as a comma-separated card list).
 * Throws when the pipeline exists but has no card set for the skeleton.
 */
export function resolvePipeline(
  name: string,
  skeleton: string,
  folders: readonly string[],
): string[] | undefined {
  if (name.includes(',') || name.endsWith('.json')) return undefined;
  const found = findPipeline(name, folders);
  if (!found) return undefined;
  const cards = found.spec.cards[skeleton];
  if (!cards)
    throw new Error(
      `pipeline "${name}" (${found.file}) has no cards for skeleton "${skeleton}"; it has ${Object.keys(found.spec.cards).join(', ')}`,
    );
  return cards;
}

/** The first pipeline named `name` in the folders, with its file. */
function findPipeline(
  name: string,
  folders: readonly string[],
): { file: string; spec: PipelineSpec } | undefined {
  for (const file of pipelineFiles(folders)) {
    const spec = loadPipeline(file);
    if (spec.name === name) return { file, spec };
  }
  return undefined;
}

/** Every card of the pipeline named `name`, over all its skeletons, or undefined if none. */
export function pipelineCards(name: string, folders: readonly string[]): string[] | undefined {
  const found = findPipeline(name, folders);
  return found && [...new Set(Object.values(found.spec.cards).flat())];
}
