// Electron's own install step is switched off in package.json's allowScripts: it downloads the
// binary from outside the npm registry, and on an offline machine that failure would fail the
// whole `npm install`. Try the same download here, best-effort: desktop users get the window,
// offline machines get browser mode (`npm start` picks whichever is there).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const say = (msg) => process.stdout.write(`posescope: ${msg}\n`);

// The BlazePose models are converted from @mediapipe/pose's TFLite files into git-ignored
// models/blazepose/ (a few seconds; skipped when already converted from the same bytes). The
// converter is TypeScript run by tsx, a dev dependency: without it the models convert on first use.
try {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const script = fileURLToPath(new URL('./models/convertModels.ts', import.meta.url));
  const convert = spawnSync(process.execPath, [tsx, script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
  const why =
    String(convert.stderr ?? '')
      .trim()
      .split('\n')
      .pop() || `exit ${convert.status}`;
  say(
    convert.status === 0
      ? 'BlazePose models ready in models/blazepose/.'
      : `BlazePose models not converted (${why}); run \`npm run models\`.`,
  );
} catch {
  say('tsx is not installed (production install?); BlazePose models convert on first use.');
}

if (process.env.POSESCOPE_SKIP_ELECTRON_DOWNLOAD || process.env.CI) {
  say('skipping the Electron binary download (CI or POSESCOPE_SKIP_ELECTRON_DOWNLOAD).');
  process.exit(0);
}

let installer;
try {
  installer = createRequire(import.meta.url).resolve('electron/install.js');
} catch {
  say('the electron package is not installed (production install?); browser mode only.');
  process.exit(0);
}

const run = spawnSync(process.execPath, [installer], {
  stdio: ['ignore', 'pipe', 'pipe'],
  timeout: 300_000,
});
if (run.status === 0) {
  say('Electron binary ready: `npm start` opens the desktop window.');
} else {
  const why =
    String(run.stderr ?? '')
      .split('\n')
      .find((l) => l.trim()) ?? `exit ${run.status}`;
  say(`Electron binary not downloaded (${why.trim()}).`);
  say(
    '`npm start` opens PoseScope in your browser instead; retry the download with `npx install-electron`.',
  );
}
