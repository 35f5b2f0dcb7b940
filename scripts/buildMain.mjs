// Bundles the Node side: the CLI (ESM) and the Electron main process (CJS, as Electron loads it).
// Dependencies stay external: they are installed beside the bundle, and native ones cannot be bundled.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['main/cli/index.ts'], format: 'esm', outfile: 'dist/cli.mjs' }),
  // Parses dataset units on a worker thread while the indexer writes (CLI and desktop alike).
  build({
    ...common,
    entryPoints: ['main/indexer/parseWorker.ts'],
    format: 'esm',
    outfile: 'dist/parseWorker.mjs',
  }),
  // Runs inference jobs (decoding, onnxruntime, SQLite writes) off the calling thread.
  build({
    ...common,
    entryPoints: ['main/inference/inferWorker.ts'],
    format: 'esm',
    outfile: 'dist/inferWorker.mjs',
  }),
  // Indexes folders opened from the UI, so the shell keeps answering while it writes.
  build({
    ...common,
    entryPoints: ['main/indexer/indexWorker.ts'],
    format: 'esm',
    outfile: 'dist/indexWorker.mjs',
  }),
  // Computes the runs' set figures after edits, off the thread that answers the UI.
  build({
    ...common,
    entryPoints: ['main/eval/summaryWorker.ts'],
    format: 'esm',
    outfile: 'dist/summaryWorker.mjs',
  }),
  // The contract's services (SQLite readers, thumbnails) behind Electron IPC and browser mode.
  build({
    ...common,
    entryPoints: ['main/services/serviceWorker.ts'],
    format: 'esm',
    outfile: 'dist/serviceWorker.mjs',
  }),
  // The sandboxed preload may require only 'electron': everything else is bundled in.
  build({
    ...common,
    packages: undefined,
    external: ['electron'],
    entryPoints: ['preload/index.ts'],
    format: 'cjs',
    outfile: 'dist/preload/index.cjs',
  }),
  build({
    ...common,
    entryPoints: ['main/index.ts'],
    format: 'cjs',
    outfile: 'dist/main/index.cjs',
    // import.meta.url has no CJS equivalent in esbuild output; the main process never needs it
    // for paths (it uses app.getAppPath()), only createRequire does.
    // Nor import.meta.resolve: the main process reads no HDF5 file (indexing runs on workers).
    define: {
      'import.meta.url': '__posescope_import_meta_url',
      'import.meta.resolve': 'undefined',
    },
    banner: {
      js: 'const __posescope_import_meta_url = require("node:url").pathToFileURL(__filename).href;',
    },
  }),
]);
