import type { Reporter, TestModule } from 'vitest/node';
import { SKIP_REASON_PREFIX } from '../helpers/skip';

/**
 * Ends the run with a plain `N passed, N failed, N skipped` line that CI reads, whatever
 * runner-specific summary precedes it.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const reasons = new Set<string>();
    const outside: string[] = [];
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else {
          skipped++;
          if (t.name.startsWith(SKIP_REASON_PREFIX)) reasons.add(t.name);
        }
      }
      // A file that failed to load, or whose hook failed (its tests then count as skipped),
      // must still fail the run, and say so in the line CI reads.
      const tests = [...m.children.allTests()];
      if (m.state() === 'failed' && !tests.some((t) => t.result().state === 'failed')) {
        failed++;
        outside.push(`failed outside its tests: ${m.relativeModuleId}`);
      }
    }
    const lines = [...reasons, ...outside];
    process.stdout.write(
      `\n${lines.join('\n')}${lines.length ? '\n' : ''}${passed} passed, ${failed} failed, ${skipped} skipped\n`,
    );
  }
}
