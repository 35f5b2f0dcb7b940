import { describe, expect, it } from 'vitest';

/**
 * The folders' import rules (README.md): the shared layers import down only, and a feature folder
 * imports the shared layers and the features named here, never one that imports it back.
 */
const SHARED = ['data', 'ui', 'three', 'theme'];
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  theme: [],
  data: [],
  ui: ['theme'],
  three: ['theme', 'ui'],
  testing: [],
  skeletons: SHARED,
  dashboard: SHARED,
  people: SHARED,
  runs: SHARED,
  models: [...SHARED, 'runs'],
  shell: [...SHARED, 'runs'],
  edit: SHARED,
  inspector: [...SHARED, 'edit'],
  multiview: [...SHARED, 'edit'],
  frames: [...SHARED, 'edit', 'inspector', 'multiview'],
  compare: [...SHARED, 'frames'],
};

const sources = import.meta.glob<string>(['./**/*.{ts,tsx}', '!./**/node_modules/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** `spec` (relative) as seen from `file`, both relative to renderer/: `data/useFrame`. */
function resolve(file: string, spec: string): string {
  const parts = file.split('/').slice(0, -1);
  for (const p of spec.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

/** Every relative import of the renderer's modules: [importer, imported], under renderer/. */
const imports = Object.entries(sources).flatMap(([path, text]) => {
  const file = path.replace(/^\.\//, '');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']*)'/g)].map(
    (m) => [file, resolve(file, m[1]!)] as const,
  );
});
const folder = (path: string) => (path.includes('/') ? path.split('/')[0]! : null);

describe('the renderer folders import one way', () => {
  it('finds the imports', () => {
    expect(imports.length).toBeGreaterThan(100);
  });

  it('keeps each folder to the folders it may import', () => {
    const wrong = imports.filter(([from, to]) => {
      const a = folder(from);
      const b = folder(to);
      // App.tsx, views.tsx and main.tsx put the folders together; outside renderer/ (contract,
      // core) ESLint rules; tests may use the shared test helpers.
      if (a === null || b === null || b.startsWith('..') || a === b) return false;
      if (b === 'testing' && /\.test\.tsx?$/.test(from)) return false;
      return !(MAY_IMPORT[a] ?? []).includes(b);
    });
    expect(wrong.map(([from, to]) => `${from} imports ${to}`)).toEqual([]);
  });

  it('lists every folder', () => {
    const folders = new Set(imports.map(([from]) => folder(from)).filter((f) => f !== null));
    expect([...folders].filter((f) => !(f in MAY_IMPORT))).toEqual([]);
  });

  it('leaves the transport to main.tsx: views use the typed client (data/ClientContext)', () => {
    const bridge = imports.filter(([, to]) => to.startsWith('data/bridge/'));
    expect(
      bridge.filter(([from]) => !from.startsWith('data/bridge/') && from !== 'main.tsx'),
    ).toEqual([]);
  });
});
