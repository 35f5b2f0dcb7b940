import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { Skeleton } from '../../core';
import { errorMessage } from '../../contract';
import { posesSvg, type ThumbnailPoses } from './thumbnailPoses';

export interface MediaResponse {
  readonly status: number;
  readonly type: string;
  readonly body: Uint8Array;
}

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.gif': 'image/gif',
};

/** Changes whenever `posesSvg` draws differently, so cached thumbnails are made again. */
const POSE_DRAWING = 1;

/** The thumbnail with the skeletons composited over it. */
async function drawPoses(resized: Sharp, poses: ThumbnailPoses, skeleton: Skeleton) {
  // Decoded first: the SVG must be exactly the thumbnail's size, which only sharp's resize knows.
  const { data, info } = await resized.raw().toBuffer({ resolveWithObject: true });
  const svg = posesSvg(poses, skeleton, info);
  return sharp(data, {
    raw: { width: info.width, height: info.height, channels: info.channels as 1 | 2 | 3 | 4 },
  })
    .composite([{ input: Buffer.from(svg) }])
    .jpeg({ quality: 78 })
    .toBuffer();
}

const THUMB_WIDTHS = new Set([160, 240, 320, 480]);
const text = (status: number, message: string): MediaResponse => ({
  status,
  type: 'text/plain; charset=utf-8',
  body: Buffer.from(message),
});

/** A frame's labelled skeletons and the skeleton that draws them, for `&pose` thumbnails. */
export type PosesOf = (
  datasetId: number,
  imageId: number,
) => { readonly poses: ThumbnailPoses; readonly skeleton: Skeleton } | undefined;

/**
 * Serves `media/<datasetId>/image/<imageId>` (the original file) and
 * `media/<datasetId>/thumb/<imageId>?w=<width>[&pose=<key>]` (a JPEG thumbnail made with sharp
 * and cached on disk by file, size and time; with `pose`, the frame's labelled skeletons drawn
 * into it, cached by them too — the key itself only tells the browser's cache that they
 * changed). Images are addressed by id, never by path; the path comes from the index and must
 * resolve inside the dataset's folder.
 */
export async function serveMedia(
  url: URL,
  imagePath: (datasetId: number, imageId: number) => string,
  thumbDir: string,
  posesOf?: PosesOf,
): Promise<MediaResponse> {
  const m = /^\/media\/(\d+)\/(image|thumb)\/(\d+)$/.exec(url.pathname);
  if (!m) return text(404, `no media at ${url.pathname}`);
  const [, ds, kind, img] = m;
  let file: string;
  try {
    file = imagePath(Number(ds), Number(img));
  } catch (err) {
    return text(404, errorMessage(err));
  }
  const type = TYPES[extname(file).toLowerCase()];
  if (!type) return text(415, `not an image type PoseScope serves: ${extname(file)}`);
  try {
    if (kind === 'image') return { status: 200, type, body: readFileSync(file) };
    const width = Number(url.searchParams.get('w') ?? 320);
    if (!THUMB_WIDTHS.has(width))
      return text(400, `thumbnail width ${width} is not one of ${[...THUMB_WIDTHS].join(', ')}`);
    const st = statSync(file);
    const drawn = url.searchParams.has('pose') ? posesOf?.(Number(ds), Number(img)) : undefined;
    const pose = drawn?.poses.skeletons.length ? drawn : undefined;
    const key = createHash('sha1')
      .update(`${file}\0${st.size}\0${st.mtimeMs}\0${width}`)
      .update(pose ? `\0${POSE_DRAWING}\0${pose.skeleton.id}\0${JSON.stringify(pose.poses)}` : '')
      .digest('hex');
    const cached = join(thumbDir, `${key}.jpg`);
    try {
      return { status: 200, type: 'image/jpeg', body: readFileSync(cached) };
    } catch {
      // Not made yet.
    }
    const resized = sharp(file).rotate().resize({ width, withoutEnlargement: true });
    const body = pose
      ? await drawPoses(resized, pose.poses, pose.skeleton)
      : await resized.jpeg({ quality: 78 }).toBuffer();
    mkdirSync(thumbDir, { recursive: true });
    writeFileSync(cached, body);
    return { status: 200, type: 'image/jpeg', body };
  } catch (err) {
    return text(422, `cannot read image ${file}: ${errorMessage(err)}`);
  }
}
