import { spawn } from 'node:child_process';
import { findElectronBinary } from '../electron/binary';
import { serveCommand } from './serve';

/** Why no desktop window can open here, or undefined when one can. */
function noDisplay(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  return process.env.DISPLAY || process.env.WAYLAND_DISPLAY
    ? undefined
    : 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}

/** Opens the URL in the desktop's browser where there is one; quietly does nothing otherwise. */
function openInBrowser(url: string): void {
  if (noDisplay()) return;
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

/**
 * `posescope start [folder]`: the desktop window when Electron is installed and there is a
 * display, otherwise the same UI in browser mode on loopback. With no folder it opens the last
 * dataset, or the bundled sample the first time.
 */
export async function startCommand(
  appRoot: string,
  rendererDir: string,
  version: string,
  folder: string | undefined,
): Promise<void> {
  const electron = findElectronBinary();
  const why = electron.ok ? noDisplay() : electron.reason;
  if (electron.ok && !why) {
    const child = spawn(electron.path, [appRoot, ...(folder ? [folder] : [])], {
      stdio: 'inherit',
    });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', () => resolve());
    });
    return;
  }
  process.stdout.write(`No desktop window: ${why}; starting browser mode instead.\n`);
  const running = await serveCommand(appRoot, rendererDir, version, folder, {
    port: 0,
    host: '127.0.0.1',
    allowRemote: false,
  });
  openInBrowser(running.url);
}
