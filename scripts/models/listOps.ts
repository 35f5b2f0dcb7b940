import {
  mediapipePackage,
  readPacked,
  readPlain,
} from '../../main/inference/convert/mediapipeAssets';
import { readTflite, TensorType } from '../../main/inference/convert/tfliteSchema';

/**
 * Lists each BlazePose model's operators (with counts), inputs and outputs:
 * `npx tsx scripts/models/listOps.ts`. The converter's operator table was written from this.
 */

const typeName = (t: number): string =>
  Object.entries(TensorType).find(([, v]) => v === t)?.[0] ?? `type ${t}`;

const pkg = mediapipePackage();
const sources = [
  readPacked(pkg, 'pose_detection.tflite'),
  ...['lite', 'full', 'heavy'].map((v) => readPlain(pkg, `pose_landmark_${v}.tflite`)),
];
for (const src of sources) {
  const g = readTflite(src.bytes, src.origin);
  const counts = new Map<string, number>();
  for (const op of g.operators) counts.set(op.op, (counts.get(op.op) ?? 0) + 1);
  const describe = (i: number): string => {
    const t = g.tensors[i];
    return t ? `${t.name} [${t.shape.join('×')}] ${typeName(t.type)}` : `#${i}`;
  };
  const sparse = g.tensors.filter((t) => t.sparsity).length;
  const fp16 = g.tensors.filter((t) => t.type === TensorType.FLOAT16).length;
  process.stdout.write(
    `${src.origin} (schema v${g.version}, ${g.operators.length} operators, ` +
      `${fp16} fp16 and ${sparse} sparse constants)\n` +
      `  ops: ${[...counts].map(([op, n]) => `${op}×${n}`).join(', ')}\n` +
      `  inputs: ${g.inputs.map(describe).join('; ')}\n` +
      `  outputs: ${g.outputs.map(describe).join('; ')}\n`,
  );
}
