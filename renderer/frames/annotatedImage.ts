/** The computed styles an overlay needs outside the page, copied as SVG presentation attributes. */
const PRESENTATION = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-size',
  'font-family',
  'paint-order',
  'visibility',
  'display',
] as const;

const loaded = (img: HTMLImageElement) =>
  new Promise<void>((resolve, reject) => {
    if (img.complete) return resolve();
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the overlay could not be drawn'));
  });

/**
 * The frame's image at its own resolution with the overlay (labels, predictions, boxes, heatmap)
 * drawn on it, as a PNG. The overlay's CSS styles are copied onto a clone as presentation
 * attributes — not `style` attributes, which the app's Content-Security-Policy refuses — so the
 * SVG draws the same outside the page.
 */
export async function annotatedImagePng(
  photo: HTMLImageElement | null,
  overlay: SVGSVGElement,
  width: number,
  height: number,
): Promise<Blob> {
  const clone = overlay.cloneNode(true) as SVGSVGElement;
  const from = [overlay, ...overlay.querySelectorAll('*')];
  const to = [clone, ...clone.querySelectorAll('*')];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    for (const p of PRESENTATION) {
      const v = cs.getPropertyValue(p);
      if (v) to[i]!.setAttribute(p, v);
    }
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const svgUrl = URL.createObjectURL(
    new Blob([new XMLSerializer().serializeToString(clone)], { type: 'image/svg+xml' }),
  );
  try {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d')!;
    if (photo) ctx.drawImage(photo, 0, 0, width, height);
    const drawn = new Image();
    drawn.src = svgUrl;
    await loaded(drawn);
    ctx.drawImage(drawn, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG was made'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(svgUrl);
  }
}
