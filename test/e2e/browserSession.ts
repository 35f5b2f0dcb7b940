import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import { openPage, startServe, type ServeProcess } from './serveProcess';

export interface BrowserSession {
  readonly server: ServeProcess;
  readonly browser: Browser;
  readonly page: Page;
  /** Console errors and warnings seen so far (a suite's last test expects none). */
  readonly problems: string[];
}

/**
 * One `posescope serve` (fresh settings, the bundled sample opened first) and one Chromium page
 * on it for a describe block: started before its tests, stopped after. `ready` waits for what
 * the suite starts from.
 */
export function browserSession(ready?: (page: Page) => Promise<unknown>): BrowserSession {
  const s = {} as { -readonly [K in keyof BrowserSession]: BrowserSession[K] };
  beforeAll(async () => {
    s.server = await startServe();
    Object.assign(s, await openPage(launchChromium, s.server.url));
    await ready?.(s.page);
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.server?.stop();
  });
  return s;
}
