#!/usr/bin/env node
// The CLI is bundled by `npm run build` (scripts/buildMain.mjs) into dist/cli.mjs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write(
    'posescope: dist/cli.mjs is missing; run "npm run build" in the PoseScope folder first\n',
  );
  process.exit(1);
}
await import(bundle.href);
