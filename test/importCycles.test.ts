import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(root, 'test', '.cycles-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The project's own cycle check (`npm run lint:cycles`) run over `folder`. */
function cruise(folder: string) {
  return spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err',
      relative(root, folder),
    ],
    { cwd: root, encoding: 'utf8' },
  );
}

describe('import cycles fail the lint step', () => {
  it('refuses two modules that import each other, even for types only', () => {
    const dir = join(tmp, 'loop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './b';\nexport type A = { b?: B };\n");
    writeFileSync(join(dir, 'b.ts'), "import type { A } from './a';\nexport type B = { a?: A };\n");
    const r = cruise(dir);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/no-circular: .*a\.ts/);
  });

  it('passes modules whose imports run one way', () => {
    const dir = join(tmp, 'line');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = b + 1;\n");
    writeFileSync(join(dir, 'b.ts'), 'export const b = 1;\n');
    expect(cruise(dir).status).toBe(0);
  });
});
