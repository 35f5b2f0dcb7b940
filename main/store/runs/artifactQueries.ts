import type { PersonArtifacts } from '../../../contract';
import { processBbox } from '../../../core';
import { decodeArtifact } from './artifacts';
import type { IndexDb } from '../db/openIndex';

const FAMILY_NOTES: Record<string, string> = {
  import: 'this run was imported from a prediction file: files carry joints, not model outputs',
};

/**
 * A person's stored model outputs for a run (heatmaps, depth-bin distribution, ranking matrix,
 * depth profiles, and the image's DRM centre map), decoded to float32 for the panels, with the
 * crop the maps live in and, when there are none, the reason.
 */
export function getArtifacts(db: IndexDb, runId: number, instanceId: number): PersonArtifacts {
  const run = db.prepare('SELECT kind, source FROM runs WHERE id = ?').get(runId) as
    { kind: string; source: string | null } | undefined;
  if (!run) throw new Error(`no run ${runId} in this dataset`);
  let pipeline: PersonArtifacts['pipeline'] = [];
  if (run.kind === 'inference') {
    try {
      pipeline = (
        JSON.parse(run.source ?? '') as { pipeline: PersonArtifacts['pipeline'] }
      ).pipeline.map((c) => ({
        name: c.name,
        family: c.family,
        ...(c.depthRangeMm === undefined ? {} : { depthRangeMm: c.depthRangeMm }),
        ...(c.depthBins === undefined ? {} : { depthBins: c.depthBins }),
      }));
    } catch {
      pipeline = [];
    }
  }
  const person = db
    .prepare(
      `SELECT i.image_id, i.bbox_x, i.bbox_y, i.bbox_w, i.bbox_h, im.width, im.height
       FROM instances i JOIN images im ON im.id = i.image_id WHERE i.id = ?`,
    )
    .get(instanceId) as
    | {
        image_id: number;
        bbox_x: number | null;
        bbox_y: number | null;
        bbox_w: number | null;
        bbox_h: number | null;
        width: number | null;
        height: number | null;
      }
    | undefined;
  if (!person) throw new Error(`no person ${instanceId} in this dataset`);
  const rows = db
    .prepare(
      `SELECT kind, shape, encoding, data FROM artifacts
       WHERE run_id = ? AND (instance_id = ? OR (instance_id IS NULL AND image_id = ?)) ORDER BY id`,
    )
    .all(runId, instanceId, person.image_id) as {
    kind: PersonArtifacts['items'][number]['kind'];
    shape: string;
    encoding: string;
    data: Buffer;
  }[];
  const items = rows.map((r) => {
    const shape = JSON.parse(r.shape) as number[];
    const values = decodeArtifact({ shape, encoding: r.encoding, data: r.data });
    return {
      kind: r.kind,
      shape,
      data: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64'),
    };
  });
  const maps = items.find((i) => i.kind === 'heatmaps');
  let crop: PersonArtifacts['crop'] = null;
  const { bbox_x: x, bbox_y: y, bbox_w: w, bbox_h: h, width, height } = person;
  if (maps && x !== null && y !== null && w !== null && h !== null && width && height) {
    const [mw, mh] = [maps.shape[maps.shape.length - 1]!, maps.shape[maps.shape.length - 2]!];
    const box = processBbox([x, y, w, h], { width, height }, { width: mw, height: mh });
    crop = box ? [box[0], box[1], box[2], box[3]] : null;
  }
  const note =
    items.length > 0
      ? null
      : (FAMILY_NOTES[run.kind] ??
        (pipeline.length
          ? `this run's models (${pipeline.map((c) => `${c.name}: ${c.family}`).join(', ')}) stored no outputs for this person`
          : 'this run stored no model outputs'));
  return { runId, instanceId, pipeline, note, items, crop };
}
