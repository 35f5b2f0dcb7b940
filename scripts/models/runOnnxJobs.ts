// npx tsx scripts/models/runOnnxJobs.ts JOBS.json: runs ONNX models on float32 arrays written by
// a Python measuring script (models/train/filing.py), which has no onnxruntime of its own. Each
// job names a model, its inputs ({ name: { file, dims } }, raw little-endian float32) and a file
// to write the first output to, in the same form. Batches of 4,096 rows along the first axis.
import { readFileSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';

const jobSchema = z.object({
  model: z.string(),
  inputs: z.record(
    z.string(),
    z.object({ file: z.string(), dims: z.array(z.number().int().positive()).min(1) }),
  ),
  output: z.string(),
});
const jobsFile = process.argv[2];
if (!jobsFile) throw new Error('usage: runOnnxJobs.ts JOBS.json');
const jobs = z.array(jobSchema).parse(JSON.parse(readFileSync(jobsFile, 'utf8')));

const BATCH = 4096;
const sessions = new Map<string, ort.InferenceSession>();
for (const job of jobs) {
  let session = sessions.get(job.model);
  if (!session) sessions.set(job.model, (session = await ort.InferenceSession.create(job.model)));
  const inputs = Object.entries(job.inputs).map(([name, { file, dims }]) => {
    const bytes = readFileSync(file);
    const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const row = dims.slice(1).reduce((a, b) => a * b, 1);
    if (data.length !== row * dims[0]!)
      throw new Error(
        `${file}: ${data.length} floats, dims [${dims.join(', ')}] want ${row * dims[0]!}`,
      );
    return { name, data, dims, row };
  });
  const rows = inputs[0]!.dims[0]!;
  const parts: Buffer[] = [];
  for (let at = 0; at < rows; at += BATCH) {
    const n = Math.min(BATCH, rows - at);
    const feeds = Object.fromEntries(
      inputs.map(({ name, data, dims, row }) => [
        name,
        new ort.Tensor('float32', data.slice(at * row, (at + n) * row), [n, ...dims.slice(1)]),
      ]),
    );
    const out = (await session.run(feeds))[session.outputNames[0]!]!.data as Float32Array;
    parts.push(Buffer.from(out.buffer, out.byteOffset, out.byteLength));
  }
  writeFileSync(job.output, Buffer.concat(parts));
}
