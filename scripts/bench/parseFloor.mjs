// The floor indexing is measured against: read every annotation file and JSON.parse it whole.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.argv[2], 'annotations');
const started = performance.now();
let values = 0;
for (const f of readdirSync(dir).sort()) {
  const v = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  values += Object.keys(v).length;
}
process.stdout.write(JSON.stringify({ seconds: (performance.now() - started) / 1000, values }));
