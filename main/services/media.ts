import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import sharp from 'sharp';
import { errorMessage } from '../../contract';

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

const THUMB_WIDTHS = new Set([160, 240, 320, 480]);
const text = (status: number, message: string): MediaResponse => ({
  status,
  type: 'text/plain; charset=utf-8',
  body: Buffer.from(message),
});

/**
 * Serves `media/<datasetId>/image/<imageId>` (the original file) and
 * `media/<datasetId>/thumb/<imageId>?w=<width>` (a JPEG thumbnail made with sharp and cached on
 * disk by file, size and time). Images are addressed by id, never by path; the path comes from
 * the index and must resolve inside the dataset's folder.
 */
export async function serveMedia(
  url: URL,
  imagePath: (datasetId: number, imageId: number) => string,
  thumbDir: string,
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
    const key = createHash('sha1')
      .update(`${file}\0${st.size}\0${st.mtimeMs}\0${width}`)
      .digest('hex');
    const cached = join(thumbDir, `${key}.jpg`);
    try {
      return { status: 200, type: 'image/jpeg', body: readFileSync(cached) };
    } catch {
      // Not made yet.
    }
    const body = await sharp(file)
      .rotate()
      .resize({ width, withoutEnlargement: true })
      .jpeg({ quality: 78 })
      .toBuffer();
    mkdirSync(thumbDir, { recursive: true });
    writeFileSync(cached, body);
    return { status: 200, type: 'image/jpeg', body };
  } catch (err) {
    return text(422, `cannot read image ${file}: ${errorMessage(err)}`);
  }
}
