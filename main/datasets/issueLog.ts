import type { IssueKind, IssueLog } from './records';

export interface IssueSummary {
  readonly kind: IssueKind;
  readonly count: number;
  /** The first few places, for the message. */
  readonly examples: readonly string[];
}

/** Counts problems per kind and keeps the first examples of each. */
export class CountingIssueLog implements IssueLog {
  private readonly byKind = new Map<IssueKind, { count: number; examples: string[] }>();

  constructor(private readonly keep = 5) {}

  report(kind: IssueKind, where: string): void {
    const entry = this.byKind.get(kind) ?? { count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < this.keep) entry.examples.push(where);
    this.byKind.set(kind, entry);
  }

  /** Adds another log's problems, as if they had been reported here after this log's own. */
  absorb(other: CountingIssueLog): void {
    for (const [kind, e] of other.byKind) {
      const entry = this.byKind.get(kind) ?? { count: 0, examples: [] };
      entry.count += e.count;
      for (const x of e.examples) if (entry.examples.length < this.keep) entry.examples.push(x);
      this.byKind.set(kind, entry);
    }
  }

  summary(): IssueSummary[] {
    return [...this.byKind].map(([kind, e]) => ({ kind, count: e.count, examples: e.examples }));
  }
}
