import { useDatasetStore } from '../data/useDatasetStore';

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['→ or J', 'next frame in the current order'],
  ['← or K', 'previous frame'],
  ['] or Shift N', 'next failure in the current order (past its threshold, missed or flagged)'],
  ['[ or Shift B', 'previous failure'],
  ['Enter', 'open the selected frame'],
  ['Esc', 'back to the grid (or close this sheet, or stop drawing a new person’s box)'],
  ['E', 'correct labels: joints become handles, the tools show'],
  ['Ctrl/⌘ Z', 'undo the last correction (any frame, no limit)'],
  ['Ctrl/⌘ Shift Z or Ctrl Y', 'redo'],
  ['G', 'show or hide ground truth'],
  ['P', 'show or hide predictions'],
  ['0', 'reset the image view'],
  ['F', 'fit the inspected person in the image view'],
  ['Ctrl/⌘ O', 'open a dataset'],
  ['?', 'this sheet'],
];

/** The keyboard shortcut sheet (`?`). */
export function ShortcutSheet() {
  const show = useDatasetStore((s) => s.showShortcuts);
  const toggle = useDatasetStore((s) => s.toggleShortcuts);
  if (!show) return null;
  return (
    <div className="sheet-backdrop" onClick={() => toggle(false)}>
      <div
        className="sheet"
        role="dialog"
        aria-label="Keyboard shortcuts"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Keyboard shortcuts</h2>
        <dl>
          {SHORTCUTS.map(([k, what]) => (
            <div key={k}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
