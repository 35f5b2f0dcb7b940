/**
 * How a call's outcome crosses the boundary: errors are values, not exceptions, so Electron's
 * IPC and HTTP alike carry the message intact (Electron would otherwise prefix and mangle it).
 */
export type Envelope<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Raised on the renderer side with the main side's message. */
export class PoseScopeError extends Error {
  constructor(
    message: string,
    readonly call: string,
  ) {
    super(message);
    this.name = 'PoseScopeError';
  }
}

export function unwrap<T>(call: string, envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new PoseScopeError(envelope.error, call);
}

export const errorMessage = (err: unknown): string =>
  err instanceof Error ? err.message : String(err);
