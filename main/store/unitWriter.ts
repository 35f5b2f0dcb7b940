import type { CameraRecord, ImageRecord, InstanceRecord, RecordSink } from '../datasets/records';
import { f64Blob, u8Blob } from './blobs';
import type { IndexDb } from './openIndex';

type Stmt = ReturnType<IndexDb['prepare']>;

/**
 * Writes one unit's records into the index. Rows are upserted by the dataset's own ids so that
 * re-indexing a changed file keeps row ids — and with them predictions, metrics and edits that
 * point at unchanged people — and rows the unit no longer holds are deleted at `finish`.
 * The caller wraps a unit in one transaction: a unit that fails leaves the index as it was.
 */
export class UnitWriter implements RecordSink {
  private readonly cameraIds = new Map<string, number>();
  private readonly imageIds = new Map<string, number>();
  private readonly seenInstances = new Set<number>();
  private readonly upsertCamera: Stmt;
  private readonly upsertImage: Stmt;
  private readonly upsertInstance: Stmt;
  counts = { images: 0, instances: 0, cameras: 0, missingImages: 0, flagged: 0 };

  constructor(
    private readonly db: IndexDb,
    private readonly datasetId: number,
    private readonly unit: string,
  ) {
    this.upsertCamera = db.prepare(`
      INSERT INTO cameras (dataset_id, unit, key, fx, fy, cx, cy, rotation, translation, distortion)
      VALUES (@dataset, @unit, @key, @fx, @fy, @cx, @cy, @R, @t, @dist)
      ON CONFLICT (dataset_id, key) DO UPDATE SET unit = excluded.unit, fx = excluded.fx,
        fy = excluded.fy, cx = excluded.cx, cy = excluded.cy, rotation = excluded.rotation,
        translation = excluded.translation, distortion = excluded.distortion
      RETURNING id`);
    this.upsertImage = db.prepare(`
      INSERT INTO images (dataset_id, unit, source_id, file, width, height, camera_id, subject,
        action, sequence, camera, frame, missing, raw)
      VALUES (@dataset, @unit, @sourceId, @file, @width, @height, @cameraId, @subject, @action,
        @sequence, @camera, @frame, @missing, @raw)
      ON CONFLICT (dataset_id, source_id) DO UPDATE SET unit = excluded.unit, file = excluded.file,
        width = excluded.width, height = excluded.height, camera_id = excluded.camera_id,
        subject = excluded.subject, action = excluded.action, sequence = excluded.sequence,
        camera = excluded.camera, frame = excluded.frame, missing = excluded.missing, raw = excluded.raw
      RETURNING id`);
    this.upsertInstance = db.prepare(`
      INSERT INTO instances (image_id, source_id, person, bbox_x, bbox_y, bbox_w, bbox_h, iscrowd,
        space, joints_3d, joints_2d, vis, valid, flags, raw)
      VALUES (@imageId, @sourceId, @person, @bx, @by, @bw, @bh, @iscrowd, @space, @j3, @j2, @vis,
        @valid, @flags, @raw)
      ON CONFLICT (image_id, source_id) DO UPDATE SET person = excluded.person,
        bbox_x = excluded.bbox_x, bbox_y = excluded.bbox_y, bbox_w = excluded.bbox_w,
        bbox_h = excluded.bbox_h, iscrowd = excluded.iscrowd, space = excluded.space,
        joints_3d = excluded.joints_3d, joints_2d = excluded.joints_2d, vis = excluded.vis,
        valid = excluded.valid, flags = excluded.flags, raw = excluded.raw
      RETURNING id`);
  }

  camera(rec: CameraRecord): void {
    const dist =
      rec.k || rec.p
        ? Buffer.from(new Float64Array([...(rec.k ?? [0, 0, 0]), ...(rec.p ?? [0, 0])]).buffer)
        : null;
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
      dist,
    }) as { id: number };
    this.cameraIds.set(rec.key, row.id);
    this.counts.cameras++;
  }

  image(rec: ImageRecord): void {
    const cameraId =
      rec.cameraKey === undefined ? null : (this.cameraIds.get(rec.cameraKey) ?? null);
    const row = this.upsertImage.get({
      dataset: this.datasetId,
      unit: this.unit,
      sourceId: rec.sourceId,
      file: rec.file,
      width: rec.width ?? null,
      height: rec.height ?? null,
      cameraId,
      subject: rec.subject ?? null,
      action: rec.action ?? null,
      sequence: rec.sequence ?? null,
      camera: rec.camera ?? null,
      frame: rec.frame ?? null,
      missing: rec.missing ? 1 : 0,
      raw: JSON.stringify(rec.raw),
    }) as { id: number };
    this.imageIds.set(rec.sourceId, row.id);
    this.counts.images++;
    if (rec.missing) this.counts.missingImages++;
  }

  instance(rec: InstanceRecord): void {
    const imageId = this.imageIds.get(rec.imageSourceId);
    if (imageId === undefined)
      throw new Error(`instance ${rec.sourceId} before its image ${rec.imageSourceId}`);
    const row = this.upsertInstance.get({
      imageId,
      sourceId: rec.sourceId,
      person: rec.person,
      bx: rec.bbox?.[0] ?? null,
      by: rec.bbox?.[1] ?? null,
      bw: rec.bbox?.[2] ?? null,
      bh: rec.bbox?.[3] ?? null,
      iscrowd: rec.iscrowd ? 1 : 0,
      space: rec.space ?? null,
      j3: f64Blob(rec.joints3d),
      j2: f64Blob(rec.joints2d),
      vis: u8Blob(rec.vis),
      valid: rec.valid ? 1 : 0,
      flags: rec.flags,
      raw: JSON.stringify(rec.raw),
    }) as { id: number };
    this.seenInstances.add(row.id);
    this.counts.instances++;
    if (rec.flags !== 0) this.counts.flagged++;
  }

  /** Deletes the people, images and cameras this unit held before but no longer contains. */
  finish(): void {
    const unitImages = 'SELECT id FROM images WHERE dataset_id = ? AND unit = ?';
    const sweep = (select: string, table: string, keep: ReadonlySet<number>) => {
      const del = this.db.prepare(`DELETE FROM ${table} WHERE id = ?`);
      for (const id of this.db.prepare(select).pluck().all(this.datasetId, this.unit) as number[]) {
        if (!keep.has(id)) del.run(id);
      }
    };
    sweep(
      `SELECT id FROM instances WHERE image_id IN (${unitImages})`,
      'instances',
      this.seenInstances,
    );
    sweep(unitImages, 'images', new Set(this.imageIds.values()));
    sweep(
      'SELECT id FROM cameras WHERE dataset_id = ? AND unit = ?',
      'cameras',
      new Set(this.cameraIds.values()),
    );
  }
}
