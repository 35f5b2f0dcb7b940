import {
  distortionOf,
  type CameraRecord,
  type ImageRecord,
  type InstanceRecord,
  type RecordSink,
} from '../../datasets/records';
import { f64Blob, poseBlob, u8Blob } from '../db/blobs';
import { BatchInsert } from '../db/batchInsert';
import { PeopleCounts } from './peopleCounts';
import { IMAGE_COLUMNS, INSTANCE_COLUMNS, assignments } from './unitColumns';
import type { IndexDb } from '../db/openIndex';

const instanceKey = (imageSourceId: string, sourceId: string) =>
  `${imageSourceId}\u0000${sourceId}`;

/**
 * Writes one unit's records into the index. Rows keep their ids across re-indexing — matched
 * by the dataset's own image and annotation ids — so predictions, metrics and edits that point
 * at unchanged people stay attached; rows the unit no longer holds are deleted at `finish`.
 *
 * New rows get ids from the writer (not from SQLite) so a person can point at its image before
 * the image's row is flushed, which lets both go in as multi-row INSERTs: several times faster
 * than one upsert per row. The caller wraps a unit in one transaction, so a unit that fails
 * leaves the index as it was.
 */
export class UnitWriter implements RecordSink {
  /** The folders (relative to the root) the unit's images are in: re-checked on re-index. */
  readonly imageDirs = new Set<string>();
  private readonly cameraIds = new Map<string, number>();
  private readonly imageIds = new Map<string, number>();
  private readonly oldImages: Map<string, number>;
  private readonly oldInstances: Map<string, number>;
  private readonly seenInstances = new Set<number>();
  /** People corrected in PoseScope: re-reading their file must not overwrite the corrections. */
  private readonly edited: Set<number>;
  /** People added in PoseScope: the files do not hold them, and re-reading must not drop them. */
  private readonly added: Set<number>;
  private readonly images: BatchInsert;
  private readonly instances: BatchInsert;
  private readonly updateImage;
  private readonly updateInstance;
  private readonly upsertCamera;
  private readonly putFileValue;
  /**
   * Who holds each world pose this unit has written: an adapter hands the views of one moment
   * the same joints (the same array), stored once (labels/sharedPose.ts).
   */
  private readonly poseHolders = new WeakMap<Float64Array, number>();
  private readonly people: PeopleCounts;
  private nextImageId: number;
  private nextInstanceId: number;
  counts = { images: 0, instances: 0, cameras: 0, missingImages: 0, flagged: 0, keptEdits: 0 };

  constructor(
    private readonly db: IndexDb,
    private readonly datasetId: number,
    private readonly unit: string,
    /**
     * Called before each image with the number written so far, so the indexer can commit a
     * large new unit in chunks between one image's people and the next image.
     */
    private readonly beforeImage?: (written: number) => void,
  ) {
    this.oldImages = new Map(
      db
        .prepare('SELECT source_id, id FROM images WHERE dataset_id = ? AND unit = ?')
        .raw()
        .all(datasetId, unit) as [string, number][],
    );
    this.oldInstances = new Map(
      (
        db
          .prepare(
            `SELECT im.source_id, i.source_id, i.id FROM instances i JOIN images im ON im.id = i.image_id
             WHERE im.dataset_id = ? AND im.unit = ?`,
          )
          .raw()
          .all(datasetId, unit) as [string, string, number][]
      ).map(([im, s, id]) => [instanceKey(im, s), id]),
    );
    this.edited = new Set(
      db
        .prepare(
          `SELECT i.id FROM instances i INDEXED BY instances_edited JOIN images im ON im.id = i.image_id
           WHERE im.dataset_id = ? AND im.unit = ? AND i.edited != 0`,
        )
        .pluck()
        .all(datasetId, unit) as number[],
    );
    this.added = new Set(
      db
        .prepare(
          `SELECT i.id FROM instances i JOIN images im ON im.id = i.image_id
           WHERE im.dataset_id = ? AND im.unit = ? AND i.added != 0`,
        )
        .pluck()
        .all(datasetId, unit) as number[],
    );
    // No people before: each image's count is the people written for it.
    this.people = new PeopleCounts(db, datasetId, unit, this.oldInstances.size === 0);
    const maxId = (table: string) =>
      (db.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number) + 1;
    this.nextImageId = maxId('images');
    this.nextInstanceId = maxId('instances');
    this.images = new BatchInsert(db, 'images', IMAGE_COLUMNS);
    // Flushing people first flushes their images: the foreign key needs the image row.
    this.instances = new BatchInsert(db, 'instances', INSTANCE_COLUMNS, () => this.images.flush());
    this.updateImage = db.prepare(`UPDATE images SET ${assignments(IMAGE_COLUMNS)} WHERE id = ?`);
    this.updateInstance = db.prepare(
      // A re-read from changed files is a new version of the person: views made before it are stale.
      `UPDATE instances SET ${assignments(INSTANCE_COLUMNS)}, version = version + 1 WHERE id = ?`,
    );
    this.upsertCamera = db.prepare(`
      INSERT INTO cameras (dataset_id, unit, key, fx, fy, cx, cy, rotation, translation, distortion, raw,
        raw_residual)
      VALUES (@dataset, @unit, @key, @fx, @fy, @cx, @cy, @R, @t, @dist, @raw, @residual)
      ON CONFLICT (dataset_id, key) DO UPDATE SET unit = excluded.unit, fx = excluded.fx,
        fy = excluded.fy, cx = excluded.cx, cy = excluded.cy, rotation = excluded.rotation,
        translation = excluded.translation, distortion = excluded.distortion, raw = excluded.raw,
        raw_residual = excluded.raw_residual
      RETURNING id`);
    // A unit's file values are few and small: replaced wholesale rather than matched up.
    db.prepare('DELETE FROM file_values WHERE dataset_id = ? AND unit = ?').run(datasetId, unit);
    this.putFileValue = db.prepare(
      'INSERT OR REPLACE INTO file_values (dataset_id, unit, file, path, value) VALUES (?, ?, ?, ?, ?)',
    );
  }

  camera(rec: CameraRecord): void {
    const d = distortionOf(rec);
    const row = this.upsertCamera.get({
      dataset: this.datasetId,
      unit: this.unit,
      key: rec.key,
      fx: rec.f[0],
      fy: rec.f[1],
      cx: rec.c[0],
      cy: rec.c[1],
      R: rec.R ? f64Blob(Float64Array.from(rec.R.flat())) : null,
      t: rec.t ? f64Blob(Float64Array.from(rec.t)) : null,
      dist: d ? f64Blob(Float64Array.from(d)) : null,
      raw: rec.raw ?? null,
      residual: rec.residual ? 1 : 0,
    }) as { id: number };
    this.cameraIds.set(rec.key, row.id);
    this.counts.cameras++;
  }

  image(rec: ImageRecord): void {
    this.beforeImage?.(this.counts.images);
    const cut = Math.max(rec.file.lastIndexOf('/'), rec.file.lastIndexOf('\\'));
    this.imageDirs.add(cut < 0 ? '' : rec.file.slice(0, cut));
    const old = this.oldImages.get(rec.sourceId);
    const id = old ?? this.nextImageId++;
    const values = [
      this.datasetId,
      this.unit,
      rec.sourceId,
      rec.file,
      rec.width ?? null,
      rec.height ?? null,
      rec.cameraKey === undefined ? null : (this.cameraIds.get(rec.cameraKey) ?? null),
      rec.subject ?? null,
      rec.action ?? null,
      rec.sequence ?? null,
      rec.camera ?? null,
      rec.frame ?? null,
      rec.scene ?? rec.sequence ?? null,
      rec.missing ? 1 : 0,
      rec.raw,
      rec.residual ? 1 : 0,
    ];
    if (old === undefined) this.images.add(id, values);
    else this.updateImage.run(...values, id);
    this.imageIds.set(rec.sourceId, id);
    this.counts.images++;
    if (rec.missing) this.counts.missingImages++;
  }

  instance(rec: InstanceRecord): void {
    const imageId = this.imageIds.get(rec.imageSourceId);
    if (imageId === undefined)
      throw new Error(`instance ${rec.sourceId} before its image ${rec.imageSourceId}`);
    const old = this.oldInstances.get(instanceKey(rec.imageSourceId, rec.sourceId));
    const id = old ?? this.nextInstanceId++;
    const kept = old !== undefined && this.edited.has(old);
    // Shared only between rows this unit writes: a kept correction holds its own joints.
    const holder = rec.joints3d && !kept ? this.poseHolders.get(rec.joints3d) : undefined;
    if (rec.joints3d && !kept && holder === undefined && rec.space === 'world')
      this.poseHolders.set(rec.joints3d, id);
    const values = [
      imageId,
      rec.sourceId,
      rec.person,
      rec.bbox?.[0] ?? null,
      rec.bbox?.[1] ?? null,
      rec.bbox?.[2] ?? null,
      rec.bbox?.[3] ?? null,
      rec.iscrowd ? 1 : 0,
      rec.space ?? null,
      holder === undefined ? poseBlob(rec.joints3d, 3) : null,
      poseBlob(rec.joints2d, 2),
      u8Blob(rec.vis),
      rec.valid ? 1 : 0,
      rec.flags,
      rec.raw,
      rec.residual ? 1 : 0,
      rec.headSize ?? null,
      holder ?? null,
    ];
    if (old === undefined) {
      this.instances.add(id, values);
      this.people.person(imageId);
    } else if (kept) this.counts.keptEdits++;
    else this.updateInstance.run(...values, id);
    this.seenInstances.add(id);
    this.counts.instances++;
    if (rec.flags !== 0) this.counts.flagged++;
  }

  fileValue(file: string, path: string, text: string): void {
    this.putFileValue.run(this.datasetId, this.unit, file, path, text);
  }

  /** Writes the buffered rows, so a commit now holds every image and person seen so far. */
  flush(): void {
    this.instances.flush();
    this.images.flush();
  }

  /** Brings the images' people counts up to what is written (peopleCounts.ts). */
  countPeople(): void {
    this.flush();
    this.people.save();
  }

  /** Writes what is buffered and deletes what this unit held before but no longer contains. */
  finish(): void {
    // Both tables: images after the last person (or a file with no people) are only buffered.
    this.flush();
    const sweep = (table: string, old: Iterable<number>, keep: (id: number) => boolean) => {
      const del = this.db.prepare(`DELETE FROM ${table} WHERE id = ?`);
      for (const id of old) if (!keep(id)) del.run(id);
    };
    sweep(
      'instances',
      this.oldInstances.values(),
      (id) => this.seenInstances.has(id) || this.added.has(id),
    );
    const liveImages = new Set(this.imageIds.values());
    sweep('images', this.oldImages.values(), (id) => liveImages.has(id));
    const liveCameras = new Set(this.cameraIds.values());
    sweep(
      'cameras',
      this.db
        .prepare('SELECT id FROM cameras WHERE dataset_id = ? AND unit = ?')
        .pluck()
        .all(this.datasetId, this.unit) as number[],
      (id) => liveCameras.has(id),
    );
  }
}
