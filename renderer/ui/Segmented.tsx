/** A small one-of-n switch: metric toggles above a chart, view modes, pane contents. */
export function Segmented<T extends string>(props: {
  readonly label: string;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  readonly value: T;
  readonly onChange: (value: T) => void;
  /** The look: the dashboard's small switch, or the app's tab strip. */
  readonly className?: 'dash-segmented' | 'tabs';
}) {
  const { label, options, value, onChange, className = 'dash-segmented' } = props;
  if (options.length < 2) return null;
  return (
    <div
      className={className}
      role="group"
      aria-label={label}
      style={className === 'tabs' ? { margin: 0 } : undefined}
    >
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          className={o.value === value ? 'active' : undefined}
          aria-pressed={o.value === value}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
