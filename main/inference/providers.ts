import * as ort from 'onnxruntime-node';

// A provider that cannot start (CUDA libraries not installed) is an expected outcome that
// PoseScope reports itself, with the reason; onnxruntime's own error log would print it twice.
ort.env.logLevel = 'fatal';

/** Execution providers PoseScope knows how to ask onnxruntime-node for. */
export const PROVIDERS = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const;
/** A local execution provider, or `remote`: an inference server (`posescope infer --remote`). */
export type Provider = (typeof PROVIDERS)[number] | 'remote';

/**
 * The order providers are tried on a platform: the vendor GPU path first, WebGPU where the
 * binding bundles it, the CPU last because it always works.
 */
export function providerOrder(platform: NodeJS.Platform = process.platform): Provider[] {
  switch (platform) {
    case 'win32':
      return ['cuda', 'dml', 'webgpu', 'cpu'];
    case 'darwin':
      return ['coreml', 'webgpu', 'cpu'];
    default:
      return ['cuda', 'webgpu', 'cpu'];
  }
}

export interface ProviderInfo {
  readonly name: Provider;
  /** Built into the installed binding (CUDA on Linux needs `npm run gpu:install`). */
  readonly bundled: boolean;
}

/** What the installed onnxruntime-node binding reports it can run, in this platform's order. */
export function supportedProviders(): ProviderInfo[] {
  const listed = new Map(ort.listSupportedBackends().map((b) => [b.name, b.bundled] as const));
  return providerOrder()
    .filter((p) => listed.has(p))
    .map((name) => ({ name, bundled: listed.get(name) ?? false }));
}

/**
 * Providers to try for a run: the one asked for (then the CPU, so a missing GPU still gives
 * results, and says so), or every supported one in platform order.
 */
export function providerPlan(requested?: string): Provider[] {
  if (requested === undefined || requested === 'auto')
    return supportedProviders().map((p) => p.name);
  if (!(PROVIDERS as readonly string[]).includes(requested))
    throw new Error(`unknown provider "${requested}"; known: auto, ${PROVIDERS.join(', ')}`);
  return requested === 'cpu' ? ['cpu'] : [requested as Provider, 'cpu'];
}

export const onnxruntimeVersion = (): string => ort.env.versions.node ?? ort.env.versions.common;

/**
 * The reason in an onnxruntime error, first line only, without the native source location
 * and function signature it prefixes (they mean nothing to a user).
 */
export function ortReason(err: unknown): string {
  const line = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
  return line
    .replace(/^\/onnxruntime_src\/\S+:\d+ (?:.*?<lambda\(\)> )?/, '')
    .replace(/^.*? was false\. /, '');
}
