import { projectWorldPoint, triangulatePoint, worldToCamera, type Vec3 } from '../../core';
import type { Triangulated, ViewsCorrection } from '../../contract';
import type { IndexDb } from '../store/db/openIndex';
import { readPerson } from '../store/labels/personStore';
import { momentImages, momentPeople } from '../store/views/moment';
import { commitEditBatch, type EditRequest, type EditResult } from './editLog';

/**
 * Correct from views: triangulates one joint placed in two or more calibrated views of a moment
 * (linear DLT refined by minimising reprojection error, distortion included: core/triangulate)
 * and writes the world point into the person's labels as one undo step. World-space labels
 * (Human3.6M, Panoptic) are one pose shared by the moment's views: the edit of the first view
 * holding the person is copied to the others (personStore's syncViews). Camera-space labels with
 * a rig (MuPoTS-3D layout) are one pose per view: each view's person is written through its own
 * camera, its 2D label following the projection, in one batch. Throws, writing nothing, for a
 * view not of the moment, a view without the person, or rays the triangulation refuses.
 */
export function correctFromViews(
  db: IndexDb,
  datasetId: number,
  skeletonJoints: number,
  req: Omit<ViewsCorrection, 'datasetId'>,
  annotator: string,
): EditResult & { triangulated: Triangulated } {
  if (req.joint >= skeletonJoints)
    throw new Error(`joint ${req.joint} is not one of the skeleton's ${skeletonJoints} joints`);
  const images = momentImages(db, datasetId, req.imageId);
  if (images.length < 2)
    throw new Error(`image ${req.imageId} has no other calibrated view of its moment`);
  const byImage = new Map(images.map((v) => [v.imageId, v]));
  const people = momentPeople(
    db,
    images.map((v) => v.imageId),
    req.person,
  );
  const seen = new Set<number>();
  const views = req.placed.map((p) => {
    const v = byImage.get(p.imageId);
    if (!v)
      throw new Error(
        `image ${p.imageId} is not a calibrated view of image ${req.imageId}'s moment`,
      );
    if (seen.has(p.imageId)) throw new Error(`view ${v.label} is placed twice`);
    seen.add(p.imageId);
    if (!people.has(p.imageId))
      throw new Error(`person ${req.person} is not labelled in view ${v.label}`);
    return { camera: v.camera, pixel: p.pixel };
  });
  // Refusals (parallel rays, a point behind a camera) name the views' problem and write nothing.
  const t = triangulatePoint(views);
  const versions = new Map(req.versions.map((v) => [v.instanceId, v.version]));
  const reqs: EditRequest[] = [];
  let worldWritten = false;
  for (const v of images) {
    const who = people.get(v.imageId);
    if (!who) continue;
    // A world pose is shared: one write, copied to the moment's other views.
    if (who.space === 'world' && worldWritten) continue;
    const person = readPerson(db, datasetId, who.instanceId);
    const j3 = person.joints.joints3d;
    if (!j3) continue;
    const cam = worldToCamera(t.point, v.camera);
    const joints3d = j3.map((p, k): Vec3 => (k === req.joint ? cam : p));
    const j2 = person.joints.joints2d;
    const joints2d = j2?.map((p, k) =>
      k === req.joint ? projectWorldPoint(v.camera, t.point) : p,
    );
    const vis = person.joints.vis?.map((s, k) =>
      // Placed in this view: seen there. Elsewhere an absent joint becomes occluded, not seen.
      k === req.joint && s === 0 ? (seen.has(v.imageId) ? 2 : 1) : s,
    );
    const version = versions.get(who.instanceId);
    reqs.push({
      instanceId: who.instanceId,
      tool: 'triangulate',
      joint: req.joint,
      joints3d,
      ...(joints2d ? { joints2d } : {}),
      ...(vis ? { vis } : {}),
      ...(version === undefined ? {} : { version }),
    });
    if (who.space === 'world') worldWritten = true;
  }
  if (reqs.length === 0) throw new Error(`person ${req.person} has no 3D labels in these views`);
  const result = commitEditBatch(db, datasetId, reqs, annotator);
  return {
    ...result,
    triangulated: {
      point: [t.point[0], t.point[1], t.point[2]],
      residuals: t.residuals,
      rms: t.rms,
    },
  };
}
