import { ESLint } from 'eslint';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `path` and returns the boundary messages. */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

describe('process boundaries are enforced by the lint config', () => {
  it.each([
    ['core/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['core/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['core/x.ts', "import { serve } from '../main/server';\nexport const x = serve;\n"],
    ['core/x.ts', "import React from 'react';\nexport const x = React;\n"],
    ['core/x.ts', 'export const w = window.innerWidth;\n'],
    ['core/x.ts', 'export const e = process.env;\n'],
    [
      'renderer/x.ts',
      "import { openIndex } from '../main/index/db';\nexport const x = openIndex;\n",
    ],
    ['renderer/deep/x.ts', "import { a } from '../../main/a';\nexport const x = a;\n"],
    ['renderer/x.ts', "import fs from 'node:fs';\nexport const x = fs;\n"],
    ['renderer/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n"],
    ['preload/x.ts', "import { a } from '../main/a';\nexport const x = a;\n"],
    ['main/x.ts', "import { App } from '../renderer/App';\nexport const x = App;\n"],
    ['contract/x.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n"],
    [
      'contract/x.ts',
      "import { openIndex } from '../main/store/openIndex';\nexport const x = openIndex;\n",
    ],
    ['contract/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
  ])('%s refuses: %s', async (path, code) => {
    expect(await boundaryErrors(path, code)).not.toHaveLength(0);
  });

  it.each([
    ['core/x.ts', "import { mpjpe } from './metrics/pose3d';\nexport const x = mpjpe;\n"],
    ['renderer/x.ts', "import { H36M_17 } from '../core';\nexport const x = H36M_17;\n"],
    [
      'contract/x.ts',
      "import { z } from 'zod';\nimport { H36M_17 } from '../core';\nexport const x = [z, H36M_17];\n",
    ],
    [
      'renderer/x.ts',
      "import { createClient } from '../contract';\nexport const x = createClient;\n",
    ],
    [
      'main/x.ts',
      "import { mpjpe } from '../core';\nimport fs from 'node:fs';\nexport const x = [mpjpe, fs];\n",
    ],
    [
      'preload/x.ts',
      "import { contextBridge } from 'electron';\nexport const x = contextBridge;\n",
    ],
  ])('%s allows: %s', async (path, code) => {
    expect(await boundaryErrors(path, code)).toEqual([]);
  });
});
