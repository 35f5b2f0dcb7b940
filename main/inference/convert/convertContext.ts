import { OnnxGraph } from './onnxGraph';
import { decodeConstant, NCHW_TO_NHWC, NHWC_TO_NCHW, transpose, type Constant } from './tensorData';
import type { TfliteGraph, TfliteOperator, TfliteTensor } from './tfliteSchema';

/**
 * The state of one conversion: which ONNX value holds each TFLite tensor, in which layout.
 * 4-D activations are kept NCHW (what ONNX's Conv, Pool, Resize and DepthToSpace want); a tensor
 * is turned back to TFLite's NHWC only where an operator's meaning depends on memory order
 * (RESHAPE, or an output kept in TFLite's layout), and each conversion is made once and reused.
 */

interface Forms {
  nchw?: string;
  native?: string;
}

export class ConvertError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ConvertError';
  }
}

export class ConvertContext {
  readonly graph = new OnnxGraph();
  private readonly forms = new Map<number, Forms>();
  private readonly folded = new Map<number, Constant>();
  private readonly scalars = new Map<number, string>();

  constructor(readonly tflite: TfliteGraph) {}

  get file(): string {
    return this.tflite.file;
  }

  fail(message: string, op?: TfliteOperator): never {
    const where = op ? `${op.op} (operator ${op.index}): ` : '';
    throw new ConvertError(this.file, `${where}${message}`);
  }

  tensor(i: number | undefined): TfliteTensor {
    const t = i === undefined ? undefined : this.tflite.tensors[i];
    if (!t) this.fail(`tensor index ${i} does not exist`);
    return t;
  }

  shape(i: number | undefined): number[] {
    return this.tensor(i).shape;
  }

  /** The tensor's value if it is constant (stored or folded), in TFLite's layout; else null. */
  constant(i: number | undefined): Constant | null {
    const t = this.tensor(i);
    const done = this.folded.get(t.index);
    if (done) return done;
    if (!t.data) return null;
    if (t.sparsity) this.fail(`sparse constant ${t.name} is used without DENSIFY`);
    const c = { shape: t.shape, values: decodeConstant(t, this.file) };
    this.folded.set(t.index, c);
    return c;
  }

  requireConstant(i: number | undefined, op: TfliteOperator, what: string): Constant {
    return this.constant(i) ?? this.fail(`the ${what} must be a constant tensor`, op);
  }

  fold(i: number | undefined, c: Constant): void {
    this.folded.set(this.tensor(i).index, c);
  }

  /** Records the ONNX value produced for a TFLite tensor, in NCHW (rank 4) or native layout. */
  set(i: number | undefined, name: string, layout: 'nchw' | 'native'): void {
    const t = this.tensor(i);
    if (layout === 'nchw' && t.shape.length !== 4) this.fail(`${t.name} is not 4-D`);
    this.forms.set(t.index, layout === 'nchw' ? { nchw: name } : { native: name });
  }

  isNchw(i: number | undefined): boolean {
    return this.forms.get(this.tensor(i).index)?.nchw !== undefined;
  }

  /** The tensor in NCHW, transposing from NHWC once if it was produced (or stored) that way. */
  nchw(i: number | undefined): string {
    const t = this.tensor(i);
    if (t.shape.length !== 4) this.fail(`${t.name} [${t.shape.join('×')}] is not 4-D`);
    const f = this.formsOf(t);
    f.nchw ??= this.relayout(f.native ?? this.native(i), t.shape, NHWC_TO_NCHW);
    return f.nchw;
  }

  /** The tensor in TFLite's own layout. */
  native(i: number | undefined): string {
    const t = this.tensor(i);
    const f = this.formsOf(t);
    if (f.native) return f.native;
    if (f.nchw) {
      const nchwShape = NHWC_TO_NCHW.map((d) => t.shape[d]!);
      f.native = this.relayout(f.nchw, nchwShape, NCHW_TO_NHWC);
      return f.native;
    }
    const c = this.constant(i);
    if (!c) this.fail(`${t.name} is read before any operator produced it`);
    f.native = this.graph.floats('const', c.shape, Float32Array.from(c.values));
    return f.native;
  }

  /** A 4-D constant as an NCHW initializer (weights are permuted here, never at run time). */
  constantNchw(c: Constant, base: string, perm: number[] = NHWC_TO_NCHW): string {
    const p = transpose(c, perm);
    return this.graph.floats(base, p.shape, Float32Array.from(p.values));
  }

  /** A shared scalar initializer (Clip bounds, pad values). */
  scalar(value: number): string {
    let name = this.scalars.get(value);
    if (!name) {
      name = this.graph.scalar(`scalar_${value}`, value);
      this.scalars.set(value, name);
    }
    return name;
  }

  private formsOf(t: TfliteTensor): Forms {
    let f = this.forms.get(t.index);
    if (!f) {
      f = {};
      this.forms.set(t.index, f);
    }
    return f;
  }

  /**
   * Transpose, or a Reshape when the moved axes have size 1 and memory order is unchanged (the
   * landmark heads' 1×1 maps): ORT runs that without copying. The batch stays dynamic (0).
   */
  private relayout(value: string, shape: number[], perm: number[]): string {
    const moved = perm.map((p) => shape[p]!);
    const order = perm.filter((p) => shape[p] !== 1);
    const kept = order.every((p, k) => k === 0 || p > order[k - 1]!);
    if (!kept) return this.graph.node('Transpose', [value], { perm });
    const target = this.graph.int64s('shape', [0, ...moved.slice(1)]);
    return this.graph.node('Reshape', [value, target]);
  }
}
