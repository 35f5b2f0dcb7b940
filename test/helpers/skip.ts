import { it } from 'vitest';

/** Marks the tests that carry a reason; the summary reporter prints them. */
export const SKIP_REASON_PREFIX = 'not run: ';

/**
 * Registers a skipped test named after the reason a suite cannot run here (no Chromium, no
 * Electron binary, no ../shared/data), so the run's summary says why instead of staying silent.
 */
export function explainSkip(reason: string | undefined): void {
  if (reason) it.skip(`${SKIP_REASON_PREFIX}${reason}`, () => {});
}
