import type { Bridge, EventName } from '../../../contract';

type Listener = (payload: unknown) => void;

/**
 * The contract over HTTP + WebSocket for browser mode: calls POST to api/call/<name>, events
 * arrive on one socket that reconnects after the server restarts. The session token travels in
 * the HttpOnly cookie the first page load set, so page code never handles it.
 */
export function httpBridge(base: URL = new URL('.', window.location.href)): Bridge {
  const listeners = new Map<EventName, Set<Listener>>();
  let retry = 500;

  const connect = () => {
    const url = new URL('api/events', base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    ws.onopen = () => (retry = 500);
    ws.onmessage = (m) => {
      const { event, payload } = JSON.parse(String(m.data)) as {
        event: EventName;
        payload: unknown;
      };
      listeners.get(event)?.forEach((l) => l(payload));
    };
    ws.onclose = () => {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10_000);
    };
  };
  connect();

  return {
    async invoke(call, args) {
      let res: Response;
      try {
        res = await fetch(new URL(`api/call/${call}`, base), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(args ?? {}),
        });
      } catch (err) {
        return {
          ok: false,
          error: `${call}: the PoseScope server did not answer (${String(err)})`,
        };
      }
      if (res.status === 401)
        return {
          ok: false,
          error: 'the server wants its session token: reopen the URL it printed',
        };
      return (await res.json()) as Awaited<ReturnType<Bridge['invoke']>>;
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}
