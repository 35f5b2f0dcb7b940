import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';

// A test that logs an error or warning it did not ask for is hiding a bug: fail it.
// Tests that expect output spy on console themselves (vi.spyOn) and restore it.
let spies: MockInstance[] = [];

beforeEach(() => {
  spies = (['error', 'warn'] as const).map((level) => vi.spyOn(console, level));
});

afterEach(() => {
  const calls = spies.flatMap((s) => s.mock.calls.map((args) => args.map(String).join(' ')));
  for (const s of spies) s.mockRestore();
  if (calls.length > 0) {
    throw new Error(`unexpected console output during test:\n${calls.join('\n')}`);
  }
});
