import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

const quiet: Progress = { update: () => {}, stop: () => {} };

/**
 * A progress bar on an interactive terminal, silent for pipes, CI logs and --json: bytes by
 * default, or items (people, images) with their rate.
 */
export function progressBar(
  label: string,
  enabled: boolean,
  unit: 'bytes' | 'items' = 'bytes',
): Progress {
  if (!enabled || !process.stderr.isTTY) return quiet;
  const amounts = unit === 'bytes' ? '{doneMb}/{totalMb} MB' : '{value}/{total} | {rate}/s';
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | ${amounts} | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const t0 = performance.now();
  const rate = (done: number) =>
    (done / Math.max((performance.now() - t0) / 1000, 1e-3)).toFixed(1);
  return {
    update(done, total) {
      if (!started) {
        bar.start(Math.max(total, 1), 0, { doneMb: '0.0', totalMb: mb(total), rate: '0' });
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { doneMb: mb(done), totalMb: mb(total), rate: rate(done) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
