import { arch, availableParallelism, platform, release } from 'node:os';
import * as ort from 'onnxruntime-node';
import {
  onnxruntimeVersion,
  ortReason,
  supportedProviders,
  type Provider,
  type ProviderInfo,
} from './providers';

/**
 * A one-node ONNX model (Relu over 4 floats), small enough to keep inline: opening it on a
 * provider is the cheapest true answer to "does this provider work here". The test rebuilds it
 * with the ONNX protobuf definitions and checks it matches.
 */
export const PROBE_MODEL_BASE64 =
  'CAgSCXBvc2VzY29wZTo3CgwKAXgSAXkiBFJlbHUSBXByb2JlWg8KAXgSCgoICAESBAoCCARiDwoBeRIKCggIARIECgIIBEIECgAQEQ==';

export interface ProviderCheck {
  readonly name: Provider;
  readonly bundled: boolean;
  readonly available: boolean;
  readonly error?: string;
}

export interface DoctorReport {
  readonly platform: string;
  readonly arch: string;
  readonly osRelease: string;
  readonly node: string;
  readonly onnxruntime: string;
  readonly cpuCores: number;
  readonly providers: readonly ProviderCheck[];
  /** The provider `--provider auto` would run on. */
  readonly chosen: Provider | undefined;
}

export async function probeProvider({ name, bundled }: ProviderInfo): Promise<ProviderCheck> {
  const bytes = Buffer.from(PROBE_MODEL_BASE64, 'base64');
  try {
    const s = await ort.InferenceSession.create(bytes, { executionProviders: [name] });
    const out = await s.run({
      x: new ort.Tensor('float32', Float32Array.from([-1, 0, 1, 2]), [4]),
    });
    await s.release();
    const y = Array.from(out.y!.data as Float32Array);
    if (y.join() !== '0,0,1,2')
      return { name, bundled, available: false, error: `wrong result ${y.join()}` };
    return { name, bundled, available: true };
  } catch (err) {
    return { name, bundled, available: false, error: ortReason(err) };
  }
}

/** Platform, onnxruntime version and which execution providers actually run a model here. */
export async function doctor(): Promise<DoctorReport> {
  const providers: ProviderCheck[] = [];
  for (const p of supportedProviders()) providers.push(await probeProvider(p));
  return {
    platform: platform(),
    arch: arch(),
    osRelease: release(),
    node: process.versions.node,
    onnxruntime: onnxruntimeVersion(),
    cpuCores: availableParallelism(),
    providers,
    chosen: providers.find((p) => p.available)?.name,
  };
}
