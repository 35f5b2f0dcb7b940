import { spawn } from 'node:child_process';
import { findElectronBinary } from '../electron/binary';
import { serveCommand } from './serve';

/**
 * `posescope start`: the desktop window when the Electron binary is installed, otherwise the same
 * UI in browser mode on loopback (offline installs cannot download Electron).
 */
export async function startCommand(appRoot: string, rendererDir: string): Promise<void> {
  const electron = findElectronBinary();
  if (electron.ok) {
    const child = spawn(electron.path, [appRoot], { stdio: 'inherit' });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', () => resolve());
    });
    return;
  }
  process.stdout.write(`${electron.reason}; starting browser mode instead.\n`);
  await serveCommand(rendererDir, { port: 0, host: '127.0.0.1', allowRemote: false });
}
