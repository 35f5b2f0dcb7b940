import type { Person2d } from './personMetrics';

/**
 * A 2D prediction set's figures: COCO keypoint AP/AR over OKS 0.50:0.95 (all detections),
 * and PCK@0.2·box over the visible joints of matched people, overall and per group.
 */
export class SetMetrics2d {
  private hits = 0;
  private total = 0;
  private oksSum = 0;
  private readonly groups = new Map<string, { hits: number; total: number; count: number }>();
  matched = 0;
  instances = 0;

  addPerson(group: string, m: Person2d | undefined): void {
    this.matched++;
    const g = this.groups.get(group) ?? { hits: 0, total: 0, count: 0 };
    g.count++;
    if (m) {
      this.hits += m.pck.hits;
      this.total += m.pck.total;
      if (Number.isFinite(m.oks)) this.oksSum += m.oks;
      g.hits += m.pck.hits;
      g.total += m.pck.total;
    }
    this.groups.set(group, g);
  }

  summary(ap: { ap: number; ap50: number; ap75: number; ar: number }) {
    const num = (v: number) => (Number.isFinite(v) ? v : null);
    const pct = (h: number, t: number) => (t === 0 ? null : (100 * h) / t);
    return {
      PCK2D: pct(this.hits, this.total),
      AP_OKS: num(ap.ap),
      AP_OKS_50: num(ap.ap50),
      AP_OKS_75: num(ap.ap75),
      AR_OKS: num(ap.ar),
      mean_OKS: this.matched === 0 ? null : this.oksSum / this.matched,
      matched: this.matched,
      instances: this.instances,
      per_group: [...this.groups].map(([group, g]) => ({
        group,
        count: g.count,
        PCK2D: pct(g.hits, g.total),
      })),
    };
  }
}

export type Summary2d = ReturnType<SetMetrics2d['summary']>;
