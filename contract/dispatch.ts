import { CALLS, isCallName, type PoseScopeService } from './api';
import { errorMessage, type Envelope } from './envelope';

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
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.length ? i.path.join('.') : '(arguments)'}: ${i.message}`)
      .join('; ');
    return { ok: false, error: `${name}: invalid arguments: ${detail}` };
  }
  try {
    const run = service[name] as (a: unknown) => unknown;
    return { ok: true, value: await run(parsed.data) };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}
