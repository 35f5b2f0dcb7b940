/** A box being dragged or drawn on the image, dashed, drawn at a constant screen width. */
export function BoxPreview({
  box,
  scale,
}: {
  box: readonly [number, number, number, number];
  scale: number;
}) {
  return (
    <rect
      className="edit-box-preview"
      x={box[0]}
      y={box[1]}
      width={box[2]}
      height={box[3]}
      strokeWidth={1.5 / scale}
    />
  );
}
