import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveInside } from './openDatasets';

describe('resolveInside: files served only from inside an opened dataset', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'posescope-inside-'));
  const root = join(tmp, 'dataset');
  mkdirSync(join(root, 'images'), { recursive: true });
  writeFileSync(join(root, 'images', 'a.jpg'), 'x');
  writeFileSync(join(tmp, 'secret.txt'), 'secret');
  symlinkSync(join(tmp, 'secret.txt'), join(root, 'images', 'escape.jpg'));
  symlinkSync(join(root, 'images', 'a.jpg'), join(root, 'images', 'alias.jpg'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('resolves files inside the folder, links that stay inside included', () => {
    expect(resolveInside(root, 'images/a.jpg')).toMatch(/dataset[\\/]images[\\/]a\.jpg$/);
    expect(resolveInside(root, 'images/alias.jpg')).toMatch(/a\.jpg$/);
  });

  it.each([
    ['a parent-directory path', '../secret.txt', /resolves outside the dataset folder/],
    ['a deeper climb', 'images/../../secret.txt', /resolves outside the dataset folder/],
    ['an absolute path', join(tmp, 'secret.txt'), /refused absolute path/],
    ['a link pointing out', 'images/escape.jpg', /resolves outside the dataset folder/],
    ['a NUL byte', 'images/a.jpg\0.png', /NUL byte/],
    ['the folder itself', '.', /resolves outside/],
    ['a missing file', 'images/none.jpg', /no file images\/none\.jpg/],
  ])('refuses %s', (_what, rel, message) => {
    expect(() => resolveInside(root, rel)).toThrow(message);
  });
});
