import { isLoopback, startHttpServer, type RunningServer } from '../server/httpServer';

export interface ServeCliOptions {
  readonly port: number;
  readonly host: string;
  readonly allowRemote: boolean;
}

/** `posescope serve`: browser mode on loopback unless remote access is explicitly allowed. */
export async function serveCommand(
  rendererDir: string,
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
      `warning: listening on ${opts.host}; every machine that reaches it can open PoseScope.\n`,
    );
  }
  const running = await startHttpServer({ rendererDir, port: opts.port, host: opts.host });
  process.stdout.write(`PoseScope is running at ${running.url}\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return running;
}
