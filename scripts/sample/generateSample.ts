// npm run sample [-- --out <dir>]: regenerates the bundled sample dataset (assets/sample by
// default) from the fixed seed. Running it twice writes the same bytes.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SAMPLE_DIR, writeSample } from './buildSample';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const dir = values.out ? resolve(values.out) : SAMPLE_DIR;
const started = performance.now();
const sample = await writeSample(dir);
let bytes = 0;
for (const b of sample.files.values()) bytes += b.length;
const { matched, instances, MPJPE, MRPE } = sample.expected;
process.stdout.write(
  `sample: ${sample.files.size} files, ${(bytes / 1e6).toFixed(2)} MB in ${dir} ` +
    `(${((performance.now() - started) / 1000).toFixed(1)} s); baseline run: matched ${matched}/${instances}, ` +
    `MPJPE ${MPJPE.toFixed(1)} mm, MRPE ${MRPE.toFixed(1)} mm\n`,
);
