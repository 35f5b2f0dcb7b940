import { describe, expect, it } from 'vitest';
import { CountingIssueLog } from './issueLog';

describe('CountingIssueLog.absorb', () => {
  it('counts another log’s problems as if reported after its own', () => {
    const told = new CountingIssueLog(3);
    const held = new CountingIssueLog(3);
    const both = new CountingIssueLog(3);
    const report = (
      log: CountingIssueLog,
      kind: 'invalid record' | 'ambiguous image name',
      n: number,
    ) => {
      for (let i = 0; i < n; i++) log.report(kind, `${kind} ${i}`);
    };
    report(held, 'ambiguous image name', 5);
    report(told, 'invalid record', 2);
    report(held, 'invalid record', 2);
    told.absorb(held);
    report(both, 'invalid record', 2);
    report(both, 'ambiguous image name', 5);
    report(both, 'invalid record', 2);
    expect(told.summary()).toEqual([
      {
        kind: 'invalid record',
        count: 4,
        examples: ['invalid record 0', 'invalid record 1', 'invalid record 0'],
      },
      {
        kind: 'ambiguous image name',
        count: 5,
        examples: ['ambiguous image name 0', 'ambiguous image name 1', 'ambiguous image name 2'],
      },
    ]);
    expect(both.summary()).toEqual(told.summary());
  });
});
