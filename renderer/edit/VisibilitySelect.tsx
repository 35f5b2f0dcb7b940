/** COCO's visibility states by value (0, 1, 2). */
export const VIS = ['absent', 'occluded', 'visible'] as const;

/** A joint's visibility, COCO's three states. */
export function VisibilitySelect({
  value,
  onChange,
}: {
  value: number | null;
  onChange(v: number): void;
}) {
  return (
    <label>
      Visibility
      <select
        aria-label="Joint visibility"
        value={value ?? 2}
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {VIS.map((name, v) => (
          <option key={name} value={v}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
