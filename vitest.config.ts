import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['**/node_modules/**', 'dist/**', 'release/**'],
    setupFiles: ['test/setup/failOnConsole.ts'],
    reporters: ['default', './test/setup/summaryReporter.ts'],
    testTimeout: 60_000,
    // Hooks build fixtures by running the CLI (index, export): as slow as a test on a busy machine.
    hookTimeout: 60_000,
  },
});
