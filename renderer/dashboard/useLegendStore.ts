import { create } from 'zustand';

interface LegendState {
  /** Runs (by name, as legends show them) hidden from every dashboard chart. */
  readonly hidden: ReadonlySet<string>;
  setShown(run: string, shown: boolean): void;
}

/**
 * A run toggled in one chart's legend is toggled in all of them: the legends share this state,
 * so comparing two runs across the histogram, the curve and the scatter takes one click.
 */
export const useLegendStore = create<LegendState>((set) => ({
  hidden: new Set(),
  setShown: (run, shown) =>
    set((s) => {
      const hidden = new Set(s.hidden);
      if (shown) hidden.delete(run);
      else hidden.add(run);
      return { hidden };
    }),
}));

/** An option with the hidden runs' legend entries off (greyed, their series not drawn). */
export function withHiddenRuns<O extends { legend?: unknown }>(
  option: O,
  hidden: ReadonlySet<string>,
): O {
  if (hidden.size === 0) return option;
  const legend = (option.legend ?? {}) as Record<string, unknown>;
  return {
    ...option,
    legend: { ...legend, selected: Object.fromEntries([...hidden].map((n) => [n, false])) },
  };
}
