import { doctor } from '../inference/doctor';
import { listModels, modelFolders } from '../inference/modelRegistry';

/** `posescope models`: installed cards and whether each one's model opens and matches. */
export async function modelsCommand(
  appRoot: string,
  o: { modelDir: readonly string[]; json: boolean },
): Promise<number> {
  const folders = modelFolders(appRoot, o.modelDir);
  const models = await listModels(folders);
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ folders, models }, null, 2)}\n`);
  } else {
    const lines = [`model folders: ${folders.join(', ')}`];
    if (models.length === 0)
      lines.push('no model cards installed (see "Adding a model" in docs/models.md)');
    for (const m of models) {
      const what = m.name ? `${m.name} (${m.family}, ${m.skeleton}, ${m.license})` : m.file;
      lines.push(`${m.loads ? 'ok    ' : 'BROKEN'} ${what}${m.error ? `\n       ${m.error}` : ''}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return models.every((m) => m.loads) ? 0 : 1;
}

/** `posescope doctor`: platform, onnxruntime and the execution providers that really run here. */
export async function doctorCommand(o: { json: boolean }): Promise<number> {
  const r = await doctor();
  if (o.json) {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `platform     ${r.platform} ${r.arch} (${r.osRelease}), ${r.cpuCores} CPU cores`,
    `node         ${r.node}`,
    `onnxruntime  ${r.onnxruntime} (onnxruntime-node)`,
    'providers    (tried in this order; the first that works runs inference)',
    ...r.providers.map(
      (p) =>
        `  ${p.available ? 'yes' : 'no '} ${p.name.padEnd(7)}${p.bundled ? '' : ' (needs npm run gpu:install)'}${p.error ? ` — ${p.error}` : ''}`,
    ),
    `chosen       ${r.chosen ?? 'none'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
