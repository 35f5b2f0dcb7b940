import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../main/electron/binary';
import { explainSkip } from '../helpers/skip';
import { repoRoot } from '../e2e/serveProcess';

const electron = findElectronBinary();
const skip = electron.ok
  ? 'the Electron binary is installed, so start opens a window instead'
  : undefined;

describe.skipIf(skip !== undefined)('posescope start without the Electron binary', () => {
  const userData = mkdtempSync(join(tmpdir(), 'posescope-start-'));
  afterAll(() => rmSync(userData, { recursive: true, force: true }));

  it('says why in one line and falls back to browser mode, printing a tokenised loopback URL', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'posescope.mjs'), 'start'], {
      env: { ...process.env, POSESCOPE_USER_DATA: userData, DISPLAY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await expect.poll(() => out, { timeout: 30_000 }).toMatch(/running at/);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(
      /^No desktop window: the Electron binary .*; starting browser mode instead\.$/,
    );
    expect(lines[1]).toMatch(
      /^PoseScope is running at http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/,
    );
  });
});

explainSkip(skip);
