import type * as ort from 'onnxruntime-node';
import { isTransient, RemoteError } from './remoteHttp';
import { RemoteSession, type RemoteTarget } from './remoteSession';

/** How long a server that failed a request is left out before it is tried again. */
const REST_MS = 30_000;

interface Member {
  readonly session: RemoteSession;
  readonly url: string;
  /** Requests it is answering now. */
  busy: number;
  /** Left out until then (performance.now() ms) after a failure; 0 when in service. */
  restUntil: number;
  /** Failed and not answered since: after its rest it gets one batch at a time, a probe. */
  suspect: boolean;
}

export interface PoolHooks {
  /**
   * Checks each server's model the way a local model is checked against its card; a server
   * whose model does not match fails the whole open (a run must not mix models).
   */
  readonly check?: (s: ort.InferenceSession) => void;
  /** A server is left out: it did not open, or a request failed after its retries. */
  readonly onLost?: (url: string, reason: string) => void;
  /** How long a failed server rests (30 s; tests shorten it). */
  readonly restMs?: number;
}

/**
 * One model served by several servers, behind one InferenceSession: each batch goes to the
 * server answering the fewest requests, and a server that fails a batch after its own retries
 * is rested for half a minute while the batch is sent to another. Only when every server has
 * failed does the run fail (and resume later, like any stopped run).
 */
export class RemotePool implements ort.InferenceSession {
  /** Where the next search for the least busy server starts (ties go round). */
  private turn = 0;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[];

  private constructor(
    private readonly members: readonly Member[],
    private readonly onLost: PoolHooks['onLost'],
    private readonly restMs: number,
  ) {
    const first = members[0]!.session;
    this.inputNames = first.inputNames;
    this.outputNames = first.outputNames;
    this.inputMetadata = first.inputMetadata;
    this.outputMetadata = first.outputMetadata;
  }

  /** The servers serving now. */
  get servers(): string[] {
    return this.members.map((m) => m.url);
  }

  /**
   * Opens the model on every server at once. Servers that cannot be reached are reported and
   * left out; the pool opens if one can. Servers whose model differs from the card, or from
   * each other's, refuse the open.
   */
  static async open(targets: readonly RemoteTarget[], hooks: PoolHooks = {}): Promise<RemotePool> {
    const opened = await Promise.allSettled(targets.map((t) => RemoteSession.open(t)));
    const members: Member[] = [];
    const lost: { url: string; error: Error }[] = [];
    opened.forEach((o, i) => {
      const url = targets[i]!.url;
      if (o.status === 'fulfilled')
        members.push({ session: o.value, url, busy: 0, restUntil: 0, suspect: false });
      else lost.push({ url, error: o.reason as Error });
    });
    if (members.length === 0) {
      if (lost.length === 1) throw lost[0]!.error;
      throw new RemoteError(
        `no server could serve model "${targets[0]?.model}": ${lost.map((l) => l.error.message).join('; ')}`,
        0,
      );
    }
    for (const m of members) {
      try {
        hooks.check?.(m.session);
      } catch (err) {
        if (members.length === 1 && lost.length === 0) throw err;
        throw new Error(`${(err as Error).message} (as served by ${m.url})`, { cause: err });
      }
    }
    const [first, ...rest] = members;
    const differs = rest.find((m) => signature(m.session) !== signature(first!.session));
    if (differs)
      throw new RemoteError(
        `${RemoteSession.describe({ url: differs.url, model: targets[0]!.model })} has other tensors than on ${first!.url} (${signature(differs.session)} against ${signature(first!.session)}); a run's servers must serve the same model`,
        200,
      );
    for (const l of lost) hooks.onLost?.(l.url, l.error.message);
    return new RemotePool(members, hooks.onLost, hooks.restMs ?? REST_MS);
  }

  async run(
    feeds: ort.InferenceSession.FeedsType,
    ...rest: unknown[]
  ): Promise<ort.InferenceSession.ReturnType> {
    const tried = new Set<Member>();
    for (;;) {
      const m = this.pick(tried)!;
      m.busy++;
      try {
        const out = await m.session.run(feeds, ...(rest as []));
        m.suspect = false;
        return out;
      } catch (err) {
        // A refusal that no other server would answer differently (a 4xx, a bad response)
        // stops the run; a server that is away or failing hands its batch on.
        tried.add(m);
        if (!isTransient(err) || tried.size === this.members.length) throw err;
        m.restUntil = performance.now() + this.restMs;
        m.suspect = true;
        this.onLost?.(m.url, (err as Error).message);
      } finally {
        m.busy--;
      }
    }
  }

  /**
   * Of the servers not tried for this batch: the one in service answering the fewest requests
   * (ties taken in turn, so light load is spread too), where a server back from its rest counts
   * only while it has no batch (one probe at a time, so a server still away costs one batch's
   * retries, not every lane's). When none is in service, the one that has rested longest (it
   * may be back): a batch fails only once every server has failed it.
   */
  private pick(tried: ReadonlySet<Member>): Member | undefined {
    const now = performance.now();
    const n = this.members.length;
    let best: Member | undefined;
    let bestAt = 0;
    let bestInService = false;
    for (let k = 0; k < n; k++) {
      const at = (this.turn + k) % n;
      const m = this.members[at]!;
      if (tried.has(m)) continue;
      const inService = m.restUntil <= now && (!m.suspect || m.busy === 0);
      const better =
        !best ||
        (inService && !bestInService) ||
        (inService && bestInService && m.busy < best.busy) ||
        (!inService && !bestInService && m.restUntil < best.restUntil);
      if (better) [best, bestAt, bestInService] = [m, at, inService];
    }
    this.turn = (bestAt + 1) % n;
    return best;
  }

  async release(): Promise<void> {}
  startProfiling(): void {}
  endProfiling(): void {}
}

/** A model's tensors as one comparable line: names, data types and shapes. */
function signature(s: ort.InferenceSession): string {
  const one = (m: ort.InferenceSession.ValueMetadata) =>
    `${m.name}:${m.isTensor ? `${m.type}[${m.shape.join(',')}]` : 'non-tensor'}`;
  return `inputs ${s.inputMetadata.map(one).join(' ')}, outputs ${s.outputMetadata.map(one).join(' ')}`;
}
