import { resolve } from 'node:path';
import { modelFolders, resolveCard } from '../inference/modelRegistry';
import { pipelineCards } from '../inference/pipelines';
import { exportRepository } from '../inference/remote/tritonRepository';
import { userModelFolder } from '../platform/userModelFolder';

/**
 * `posescope models export-repository <pipeline|card…> --out <dir>`: a Triton model repository
 * of the named pipelines' cards (every skeleton's) and cards, for `infer --remote`.
 */
export async function exportRepositoryCommand(
  appRoot: string,
  refs: readonly string[],
  o: { out: string; maxBatch: number; userData?: string; modelDir: string[]; json?: boolean },
): Promise<number> {
  const folders = modelFolders(appRoot, o.modelDir, userModelFolder(o.userData));
  let files: string[];
  try {
    const cards = refs.flatMap((r) => pipelineCards(r, folders) ?? [r]);
    files = [...new Set(cards.map((c) => resolveCard(c, folders)))];
  } catch (err) {
    process.stderr.write(`posescope: ${(err as Error).message}\n`);
    return 1;
  }
  const out = resolve(o.out);
  const names = await exportRepository(files, out, o.maxBatch);
  if (o.json)
    process.stdout.write(`${JSON.stringify({ repository: out, models: names }, null, 2)}\n`);
  else
    process.stdout.write(
      `${out}: ${names.length} model${names.length === 1 ? '' : 's'} (${names.join(', ')})\nserve it with: docker run --rm --gpus all -p 8000:8000 -v ${out}:/models nvcr.io/nvidia/tritonserver:<release>-py3 tritonserver --model-repository=/models\nthen: posescope infer <folder> --pipeline <name> --remote http://<host>:8000\n`,
    );
  return 0;
}
