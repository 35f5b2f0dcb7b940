import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

const quiet: Progress = { update: () => {}, stop: () => {} };

/** A byte-progress bar on an interactive terminal; silent for pipes, CI logs and --json. */
export function progressBar(label: string, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return quiet;
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {doneMb}/{totalMb} MB | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  return {
    update(done, total) {
      if (!started) {
        bar.start(Math.max(total, 1), 0, { doneMb: '0.0', totalMb: mb(total) });
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { doneMb: mb(done), totalMb: mb(total) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
