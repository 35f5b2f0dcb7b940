import { resolve } from 'node:path';
import { isLoopback, startHttpServer, type RunningServer } from '../server/httpServer';
import { startBackend } from '../services/startBackend';

export interface ServeCliOptions {
  readonly port: number;
  readonly host: string;
  readonly allowRemote: boolean;
  /** Settings and indexes in this folder instead of the user's own. */
  readonly userData?: string;
}

/**
 * `posescope serve [folder]`: the UI and its services to a browser, on loopback unless remote
 * access is explicitly allowed; every request needs the printed URL's token.
 */
export async function serveCommand(
  appRoot: string,
  rendererDir: string,
  version: string,
  folder: string | undefined,
  opts: ServeCliOptions,
): Promise<RunningServer> {
  if (!isLoopback(opts.host)) {
    if (!opts.allowRemote) {
      throw new Error(
        `refusing to listen on non-loopback host ${opts.host}: anyone on that network could read your data. ` +
          'Pass --allow-remote to do it anyway.',
      );
    }
    process.stderr.write(
      `warning: listening on ${opts.host}; every machine that reaches it and has the URL's token can open your datasets.\n`,
    );
  }
  const backend = startBackend({
    appRoot,
    version,
    shell: 'browser',
    userData: opts.userData ? resolve(opts.userData) : undefined,
    startDataset: folder ? resolve(folder) : undefined,
  });
  const running = await startHttpServer({ rendererDir, port: opts.port, host: opts.host, backend });
  process.stdout.write(`PoseScope is running at ${running.url}\n`);
  if (!isLoopback(opts.host)) {
    const { port } = new URL(running.origin);
    const others = [...running.hosts].filter((h) => !isLoopback(h));
    for (const h of others)
      process.stdout.write(`  from other machines: http://${h}:${port}/?token=${running.token}\n`);
  }
  const stop = () =>
    void running
      .close()
      .then(() => backend.close())
      .then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return running;
}
