import { REMOTE_LIMITS, type RemoteRun } from '../../contract';

/** The contract's limits, said here before a request fails. */
const { servers: MAX_SERVERS, inflight: MAX_INFLIGHT } = REMOTE_LIMITS;

/** The Provider select's value for "on inference servers". */
export const REMOTE = '\u0000remote';

/** The servers typed (comma- or space-separated) as a request, or what is wrong with them. */
export function parseServers(
  text: string,
  inflight: string,
): { remote: RemoteRun } | { problem: string } {
  const servers = text.split(/[\s,]+/).filter(Boolean);
  if (servers.length === 0) return { problem: 'name at least one server' };
  if (servers.length > MAX_SERVERS) return { problem: `at most ${MAX_SERVERS} servers` };
  for (const s of servers) {
    let url: URL | undefined;
    try {
      url = new URL(s);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      return { problem: `${s} is not an http:// or https:// URL` };
  }
  const n = Number.parseInt(inflight, 10);
  if (n > MAX_INFLIGHT) return { problem: `at most ${MAX_INFLIGHT} batches in flight per server` };
  return { remote: { servers, ...(Number.isFinite(n) && n > 0 ? { inflight: n } : {}) } };
}

/**
 * Where a remote run's models are served: servers (the settings file's offered as suggestions;
 * their tokens stay in that file, on the main side) and batches in flight per server.
 */
export function ServerFields(props: {
  configured: readonly string[];
  settingsError: string | null;
  servers: string;
  inflight: string;
  problem: string | null;
  onServers(text: string): void;
  onInflight(text: string): void;
}) {
  return (
    <div className="run-servers">
      <label className="wide">
        Inference servers (Open Inference Protocol: Triton, KServe, MLServer, OpenVINO)
        <input
          aria-label="Inference servers"
          list="run-server-list"
          value={props.servers}
          placeholder={props.configured[0] ?? 'https://gpu-01:8000, https://gpu-02:8000'}
          onChange={(e) => props.onServers(e.target.value)}
        />
        <datalist id="run-server-list">
          {props.configured.map((u) => (
            <option key={u} value={u} />
          ))}
        </datalist>
      </label>
      <label>
        In flight per server
        <input
          aria-label="Batches in flight per server"
          inputMode="numeric"
          value={props.inflight}
          placeholder="2"
          onChange={(e) => props.onInflight(e.target.value.replace(/\D/g, '').slice(0, 2))}
        />
      </label>
      <p className={props.problem || props.settingsError ? 'run-note warn' : 'run-note muted'}>
        {props.problem ??
          props.settingsError ??
          'Batches go to whichever server is least busy. Tokens come from the settings file or POSESCOPE_REMOTE_TOKEN, never from here.'}
      </p>
    </div>
  );
}
