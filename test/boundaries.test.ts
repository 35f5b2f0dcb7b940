import { ESLint } from 'eslint';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

const RULES = new Set(['no-restricted-imports', 'no-restricted-globals', 'no-restricted-syntax']);

/** Lints `code` as if it were the file at `path` and returns the boundary messages. */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== null && RULES.has(m.ruleId))
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
      "import { openIndex } from '../main/store/db/openIndex';\nexport const x = openIndex;\n",
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

const use = (spec: string) => `import { a } from '${spec}';\nexport const x = a;\n`;

describe("main/'s tiers are enforced by the lint config", () => {
  it.each([
    ['main/platform/x.ts', '../datasets/records'],
    ['main/datasets/x.ts', '../store/db/openIndex'],
    ['main/store/x.ts', '../eval/scoreRun'],
    ['main/store/runs/x.ts', '../../edit/editLog'],
    ['main/store/db/x.ts', '../../indexer/indexDataset'],
    ['main/eval/x.ts', '../indexer/indexDataset'],
    ['main/indexer/x.ts', '../inference/runInference'],
    ['main/edit/x.ts', '../export/exportDataset'],
    ['main/export/x.ts', '../inference/targets'],
    ['main/inference/convert/x.ts', '../../services/backend'],
    ['main/services/x.ts', '../cli/program'],
    ['main/services/x.ts', '../electron/window'],
    ['main/eval/x.ts', '../../test/helpers/skip'],
    ['main/cli/x.ts', '../../scripts/bench/ui/dataset'],
  ])('%s may not import %s', async (path, spec) => {
    expect((await boundaryErrors(path, use(spec))).join('\n')).toMatch(
      /imports only lower tiers|never the other way/,
    );
  });

  it.each([
    // A store subfolder named like a tier is not that tier.
    ['main/store/runs/x.ts', '../datasets/datasets'],
    ['main/store/runs/x.ts', '../../datasets/records'],
    ['main/store/x.ts', '../platform/paths'],
    ['main/indexer/x.ts', '../eval/scoreRun'],
    ['main/services/x.ts', '../edit/editSession'],
    ['main/cli/x.ts', '../server/httpServer'],
    ['main/cli/x.ts', '../electron/binary'],
    ['main/eval/x.test.ts', '../indexer/indexDataset'],
    ['main/eval/x.test.ts', '../../test/helpers/skip'],
  ])('%s may import %s', async (path, spec) => {
    expect(await boundaryErrors(path, use(spec))).toEqual([]);
  });
});

describe('SQL is written in main/store/ only', () => {
  const sql = (call: string) =>
    `import type { IndexDb } from '../store/db/openIndex';\nexport const f = (db: IndexDb) => ${call};\n`;

  it.each([
    ['main/eval/x.ts', "db.prepare('SELECT 1').get()"],
    ['main/services/x.ts', "db.exec('BEGIN')"],
    ['main/indexer/x.ts', 'db.exec(`COMMIT`)'],
    ['main/edit/x.ts', "db.pragma('journal_mode')"],
    ['scripts/bench/x.ts', "db.prepare('SELECT 1').get()"],
  ])('%s refuses %s', async (path, call) => {
    expect((await boundaryErrors(path, sql(call))).join('\n')).toMatch(
      /SQL belongs in main\/store/,
    );
  });

  it.each([
    ['main/store/x.ts', "db.prepare('SELECT 1').get()"],
    ['main/store/db/x.ts', "db.exec('BEGIN')"],
    ['main/eval/x.test.ts', "db.prepare('SELECT 1').get()"],
    ['main/services/x.ts', '/^a$/.exec(String(db))'],
  ])('%s allows %s', async (path, call) => {
    expect(await boundaryErrors(path, sql(call))).toEqual([]);
  });
});
