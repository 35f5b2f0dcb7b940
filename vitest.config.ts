import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['**/node_modules/**', 'dist/**', 'release/**'],
    setupFiles: ['test/setup/failOnConsole.ts'],
    reporters: ['default', './test/setup/summaryReporter.ts'],
    testTimeout: 60_000,
  },
});
