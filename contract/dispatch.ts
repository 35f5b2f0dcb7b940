import { CALLS, isCallName, type PoseScopeService } from './api';
import type { z } from 'zod';
import { errorMessage, type Envelope } from './envelope';

/** A call's refused arguments, every problem named by its field. */
export function invalidArguments(name: string, error: z.ZodError): string {
  const detail = error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(arguments)'}: ${i.message}`)
    .join('; ');
  return `${name}: invalid arguments: ${detail}`;
}

/**
 * The main side of every transport: parse the arguments with the call's schema, run the
 * service, and turn any failure into `{ok:false, error}` naming the call.
 */
export async function dispatch(
  service: PoseScopeService,
  name: string,
  rawArgs: unknown,
): Promise<Envelope<unknown>> {
  if (!isCallName(name)) return { ok: false, error: `unknown call "${name}"` };
  const parsed = CALLS[name].args.safeParse(rawArgs ?? {});
  if (!parsed.success) return { ok: false, error: invalidArguments(name, parsed.error) };
  try {
    const run = service[name] as (a: unknown) => unknown;
    return { ok: true, value: await run(parsed.data) };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}
