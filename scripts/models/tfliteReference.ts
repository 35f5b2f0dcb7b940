import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../test/e2e/browser';

/**
 * TFLite's own interpreter as the reference for parity: `@tensorflow/tfjs-tflite` (the TFLite C++
 * runtime compiled to WASM) in headless Chromium. The page and every file it loads are answered
 * by page.route from node_modules, so nothing leaves the machine.
 */

const ORIGIN = 'http://tflite.reference';
const require = createRequire(import.meta.url);
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

export const REFERENCE_PACKAGE = '@tensorflow/tfjs-tflite';

export function referenceVersion(): string {
  const manifest = join(packageDir(REFERENCE_PACKAGE), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** URL path → file: the UMD bundles the page loads, then the WASM runtime tfjs-tflite fetches. */
function staticFiles(): Map<string, string> {
  const core = packageDir('@tensorflow/tfjs-core');
  const cpu = packageDir('@tensorflow/tfjs-backend-cpu');
  const tflite = packageDir(REFERENCE_PACKAGE);
  return new Map([
    ['/tf-core.js', join(core, 'dist/tf-core.min.js')],
    ['/tf-backend-cpu.js', join(cpu, 'dist/tf-backend-cpu.min.js')],
    ['/tf-tflite.js', join(tflite, 'dist/tf-tflite.min.js')],
    ...['cc', 'cc_simd'].flatMap((v): [string, string][] => [
      [`/wasm/tflite_web_api_${v}.js`, join(tflite, `wasm/tflite_web_api_${v}.js`)],
      [`/wasm/tflite_web_api_${v}.wasm`, join(tflite, `wasm/tflite_web_api_${v}.wasm`)],
    ]),
  ]);
}

const PAGE = `<!doctype html><meta charset="utf-8">
<script src="/tf-core.js"></script><script src="/tf-backend-cpu.js"></script>
<script src="/tf-tflite.js"></script>`;

const MIME: Record<string, string> = {
  js: 'text/javascript',
  wasm: 'application/wasm',
  html: 'text/html',
};

/** The parts of tfjs-core and tfjs-tflite the page script uses (they are globals there). */
interface PageTensor {
  readonly shape: number[];
  dataSync(): Float32Array;
}
interface PageGlobals {
  tf: { tensor(values: Float32Array, shape: number[], dtype: 'float32'): PageTensor };
  tflite: {
    loadTFLiteModel(
      url: string,
      options: { numThreads: number },
    ): Promise<{
      inputs: { shape: number[] }[];
      outputs: { name: string }[];
      predict(x: PageTensor): PageTensor | Record<string, PageTensor>;
    }>;
  };
}

export interface ReferenceOutput {
  readonly shape: number[];
  readonly data: Float32Array;
}

const toBase64 = (a: Float32Array): string =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const fromBase64 = (s: string): Float32Array => {
  const b = Buffer.from(s, 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

export class TfliteReference {
  private readonly models = new Map<string, Uint8Array>();

  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  static async start(): Promise<TfliteReference> {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const ref = new TfliteReference(browser, page);
      const files = staticFiles();
      await page.route(`${ORIGIN}/**`, async (route) => {
        const path = new URL(route.request().url()).pathname;
        const model = ref.models.get(path);
        const file = files.get(path);
        if (path === '/') return route.fulfill({ body: PAGE, contentType: MIME.html });
        if (model) return route.fulfill({ body: Buffer.from(model) });
        if (file)
          return route.fulfill({
            body: readFileSync(file),
            contentType: MIME[file.split('.').pop() ?? ''] ?? 'application/octet-stream',
          });
        return route.fulfill({ status: 404, body: `not served: ${path}` });
      });
      await page.goto(`${ORIGIN}/`);
      await page.evaluate(`tflite.setWasmPath('${ORIGIN}/wasm/')`);
      return ref;
    } catch (err) {
      await browser.close();
      throw err;
    }
  }

  /**
   * Runs a TFLite model once on one float32 input (in the model's own NHWC layout) and returns
   * every output by its TFLite tensor name.
   */
  async run(modelBytes: Uint8Array, input: Float32Array): Promise<Map<string, ReferenceOutput>> {
    const path = `/model-${this.models.size}.tflite`;
    this.models.set(path, modelBytes);
    const raw = await this.page.evaluate(
      async ({ url, inputB64 }) => {
        const { tf, tflite } = globalThis as unknown as PageGlobals;
        const bytes = Uint8Array.from(atob(inputB64), (c) => c.charCodeAt(0));
        const model = await tflite.loadTFLiteModel(url, { numThreads: 1 });
        const x = tf.tensor(new Float32Array(bytes.buffer), model.inputs[0]!.shape, 'float32');
        const out = model.predict(x);
        const named = 'dataSync' in out ? { [model.outputs[0]!.name]: out as PageTensor } : out;
        const result: Record<string, { shape: number[]; b64: string }> = {};
        for (const [name, t] of Object.entries(named)) {
          // The output may be a view into the WASM heap, so copy only its own bytes.
          const values = t.dataSync();
          const data = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
          let s = '';
          for (let i = 0; i < data.length; i += 0x8000)
            s += String.fromCharCode(...data.subarray(i, i + 0x8000));
          result[name] = { shape: t.shape, b64: btoa(s) };
        }
        return result;
      },
      { url: `${ORIGIN}${path}`, inputB64: toBase64(input) },
    );
    this.models.delete(path);
    return new Map(
      Object.entries(raw).map(([name, o]) => [name, { shape: o.shape, data: fromBase64(o.b64) }]),
    );
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
