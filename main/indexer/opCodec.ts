import type {
  CameraRecord,
  ImageRecord,
  InstanceRecord,
  IssueKind,
  ReadContext,
  RecordSink,
} from '../datasets/records';
import { grownTo } from '../../core';

/**
 * Records packed for the trip from the parse worker to the writer: every number in one
 * Float64Array (transferred, not copied) and every string in one concatenated string.
 * Structured-cloning the same records as objects cost both threads more than parsing them.
 */
export interface OpBatch {
  readonly nums: Float64Array;
  readonly text: string;
  readonly count: number;
}

const enum Tag {
  Camera,
  Image,
  Instance,
  FileValue,
  Issue,
  Bytes,
}
// String slots carry a length; these two mark the absent cases.
const UNDEFINED = -1;
const NULL = -2;
// In a world pose's length slot: the same array as the unit's n-th world pose, n next.
const SAME_POSE = -3;

/** Collects sink calls into batches of `size` ops; `flush` hands each full batch on. */
export class OpEncoder implements RecordSink, ReadContext {
  private nums = new Float64Array(1 << 14);
  private n = 0;
  private strs: string[] = [];
  private count = 0;
  /**
   * The unit's world poses by the array the adapter gave: views of one moment share theirs, and
   * the writer stores a shared pose once (labels/sharedPose.ts), which it can tell only by the
   * array being the same object; a back-reference carries that across the thread.
   */
  private worldPoses = new WeakMap<object, number>();
  private nextWorldPose = 0;
  readonly issues = { report: (kind: IssueKind, where: string) => this.issue(kind, where) };

  constructor(
    private readonly size: number,
    private readonly flush: (batch: OpBatch, transfer: ArrayBuffer) => void,
  ) {}

  camera(rec: CameraRecord): void {
    this.num(Tag.Camera);
    this.str(JSON.stringify(rec));
    this.end();
  }

  image(r: ImageRecord): void {
    this.num(Tag.Image);
    this.str(r.sourceId);
    this.str(r.file);
    this.optNum(r.width);
    this.optNum(r.height);
    this.str(r.cameraKey);
    this.str(r.subject);
    this.str(r.action);
    this.str(r.sequence);
    this.str(r.camera);
    this.optNum(r.frame);
    this.str(r.scene);
    this.num(r.missing ? 1 : 0);
    this.str(r.raw);
    this.num(r.residual ? 1 : 0);
    this.end();
  }

  instance(r: InstanceRecord): void {
    this.num(Tag.Instance);
    this.str(r.imageSourceId);
    this.str(r.sourceId);
    this.num(r.person);
    this.array(r.bbox);
    this.num(r.iscrowd ? 1 : 0);
    this.str(r.space);
    const same = r.space === 'world' && r.joints3d ? this.worldPoses.get(r.joints3d) : undefined;
    if (same !== undefined) {
      this.num(SAME_POSE);
      this.num(same);
    } else {
      if (r.space === 'world' && r.joints3d) this.worldPoses.set(r.joints3d, this.nextWorldPose++);
      this.array(r.joints3d);
    }
    this.array(r.joints2d);
    this.array(r.vis);
    this.num(r.valid ? 1 : 0);
    this.num(r.flags);
    this.str(r.raw);
    this.num(r.residual ? 1 : 0);
    this.optNum(r.headSize);
    this.end();
  }

  fileValue(file: string, path: string, text: string): void {
    this.num(Tag.FileValue);
    this.str(file);
    this.str(path);
    this.str(text);
    this.end();
  }

  // A property, not a method: adapters destructure it from the context.
  readonly onBytes = (n: number): void => {
    this.num(Tag.Bytes);
    this.num(n);
    this.end();
  };

  /** Back-references never reach across units: the writer's side starts afresh with each. */
  startUnit(): void {
    this.worldPoses = new WeakMap();
    this.nextWorldPose = 0;
  }

  /** Hands on what is collected, however little. */
  drain(): void {
    if (this.count === 0) return;
    const nums = this.nums.slice(0, this.n);
    this.flush({ nums, text: this.strs.join(''), count: this.count }, nums.buffer);
    this.n = 0;
    this.strs = [];
    this.count = 0;
  }

  private issue(kind: IssueKind, where: string): void {
    this.num(Tag.Issue);
    this.str(kind);
    this.str(where);
    this.end();
  }

  private end(): void {
    if (++this.count >= this.size) this.drain();
  }

  private num(v: number): void {
    if (this.n === this.nums.length) this.nums = grownTo(this.nums, this.n + 1);
    this.nums[this.n++] = v;
  }

  private optNum(v: number | undefined): void {
    this.num(v === undefined ? 0 : 1);
    if (v !== undefined) this.num(v);
  }

  private str(s: string | null | undefined): void {
    if (s === undefined) return this.num(UNDEFINED);
    if (s === null) return this.num(NULL);
    this.num(s.length);
    this.strs.push(s);
  }

  private array(a: ArrayLike<number> | undefined): void {
    if (a === undefined) return this.num(UNDEFINED);
    this.num(a.length);
    for (let i = 0; i < a.length; i++) this.num(a[i]!);
  }
}

/**
 * The world poses of the unit being decoded, in the encoder's order, so a back-reference gives
 * the record the same array as the first view's (copies: a view into a batch would keep the
 * whole batch alive). One per unit; world-space joints only, where views share poses.
 */
export type WorldPoses = Float64Array[];

/** Replays a batch into `sink` and `ctx`: the same calls, in the same order, the encoder saw. */
export function decodeOps(
  batch: OpBatch,
  sink: RecordSink,
  ctx: ReadContext,
  worldPoses: WorldPoses = [],
): void {
  const { nums, text } = batch;
  let i = 0;
  let at = 0;
  const num = () => nums[i++]!;
  const optNum = () => (num() === 0 ? undefined : num());
  const strOrNull = (): string | null | undefined => {
    const len = num();
    if (len === UNDEFINED) return undefined;
    if (len === NULL) return null;
    at += len;
    return text.slice(at - len, at);
  };
  const str = () => strOrNull() ?? undefined;
  const need = () => strOrNull() ?? '';
  // Absent rather than false, so a record replays as it was given.
  const flag = () => (num() === 1 ? (true as const) : undefined);
  const f64 = () => {
    const len = num();
    if (len === UNDEFINED) return undefined;
    i += len;
    return nums.subarray(i - len, i);
  };
  for (let k = 0; k < batch.count; k++) {
    const tag = num() as Tag;
    switch (tag) {
      case Tag.Camera:
        sink.camera(JSON.parse(need()) as CameraRecord);
        break;
      case Tag.Image:
        sink.image({
          sourceId: need(),
          file: need(),
          width: optNum(),
          height: optNum(),
          cameraKey: str(),
          subject: str(),
          action: str(),
          sequence: str(),
          camera: str(),
          frame: optNum(),
          scene: str(),
          missing: num() === 1,
          raw: strOrNull() ?? null,
          residual: flag(),
        });
        break;
      case Tag.Instance: {
        const imageSourceId = need();
        const sourceId = need();
        const person = num();
        const bbox = f64() as unknown as InstanceRecord['bbox'];
        const iscrowd = num() === 1;
        const space = str() as InstanceRecord['space'];
        let joints3d: Float64Array | undefined;
        if (space === 'world' && nums[i] === SAME_POSE) {
          i++;
          const n = num();
          joints3d = worldPoses[n];
          if (!joints3d) throw new Error(`world pose ${n} referred to before it was sent`);
        } else {
          joints3d = f64();
          if (space === 'world' && joints3d) worldPoses.push((joints3d = joints3d.slice()));
        }
        const joints2d = f64();
        const visNums = f64();
        const rec: InstanceRecord = {
          imageSourceId,
          sourceId,
          person,
          bbox: bbox && [bbox[0], bbox[1], bbox[2], bbox[3]],
          iscrowd,
          space,
          joints3d,
          joints2d,
          vis: visNums && Uint8Array.from(visNums),
          valid: num() === 1,
          flags: num(),
          raw: strOrNull() ?? null,
          residual: flag(),
        };
        const headSize = optNum();
        sink.instance(headSize === undefined ? rec : { ...rec, headSize });
        break;
      }
      case Tag.FileValue:
        sink.fileValue(need(), need(), need());
        break;
      case Tag.Issue:
        ctx.issues.report(need() as IssueKind, need());
        break;
      case Tag.Bytes:
        ctx.onBytes(num());
        break;
    }
  }
}
