import type {
  CameraRecord,
  DatasetAdapter,
  ImageRecord,
  InstanceRecord,
  RecordSink,
  Unit,
} from '../records';

/** Everything an adapter's units send, and the issues reported while reading them. */
export interface ReadRecords {
  readonly cameras: CameraRecord[];
  readonly images: ImageRecord[];
  readonly people: InstanceRecord[];
  /** `kind: where`, in the order reported. */
  readonly issues: string[];
}

/**
 * Reads a dataset folder's units (those `pick` keeps; all by default) through an adapter, as
 * the indexer does, collecting what they send: the adapter tests' one way of reading a fixture.
 */
export function readUnits(
  adapter: DatasetAdapter,
  root: string,
  pick: (unit: Unit, index: number) => boolean = () => true,
): ReadRecords {
  const got: ReadRecords = { cameras: [], images: [], people: [], issues: [] };
  const sink: RecordSink = {
    camera: (c) => got.cameras.push(c),
    image: (im) => got.images.push(im),
    instance: (p) => got.people.push(p),
    fileValue: () => undefined,
  };
  for (const unit of adapter.listUnits(root).filter(pick))
    adapter.readUnit(root, unit, sink, {
      issues: { report: (kind, where) => got.issues.push(`${kind}: ${where}`) },
      onBytes: () => undefined,
    });
  return got;
}
