import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.POSESCOPE_CHROMIUM ?? '/usr/bin/chromium';

/** Why end-to-end tests cannot run here, or undefined when they can. */
export const e2eSkipReason = (): string | undefined =>
  existsSync(CHROMIUM_PATH)
    ? undefined
    : `end-to-end tests need Chromium at ${CHROMIUM_PATH} (Debian package "chromium"; .ci/run installs it)`;

/**
 * Headless Debian Chromium. Background networking is off because this machine's network is
 * closed; SwiftShader gives WebGL without a GPU.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
