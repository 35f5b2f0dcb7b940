import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRootFrom } from '../platform/paths';
import { buildProgram } from './program';

const appRoot = appRootFrom(import.meta.url);
const { version } = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as {
  version: string;
};

buildProgram(appRoot, version)
  .parseAsync()
  .catch((err: unknown) => {
    process.stderr.write(`posescope: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
