import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { tinyHeatmapModel } from '../../test/helpers/onnxGraphs';

/**
 * `tsx scripts/models/tinyHeatmapModel.ts <out.onnx>`: writes the tiny heatmap2d model of
 * test/helpers/onnxGraphs.ts (crop [N, 3, 64, 64] → heatmaps [N, 17, 16, 16], fixed weights)
 * to a file, for tests that add a model the way a person does, through a file picker. It has
 * learnt nothing; PoseScope itself never reads it.
 */
const out = process.argv[2];
if (!out || !out.endsWith('.onnx')) {
  process.stderr.write('usage: tsx scripts/models/tinyHeatmapModel.ts <out.onnx>\n');
  process.exit(2);
}
const file = resolve(out);
mkdirSync(dirname(file), { recursive: true });
const bytes = tinyHeatmapModel();
writeFileSync(file, bytes);
process.stdout.write(`${file} (${bytes.length} bytes)\n`);
