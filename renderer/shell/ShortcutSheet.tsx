import { useDatasetStore } from '../data/useDatasetStore';

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['→ or J', 'next frame in the current order'],
  ['← or K', 'previous frame'],
  [
    '] or Shift N',
    'next failure in the current order (past its threshold, missed or flagged); along the take when the frame was reached along it (the timeline, a list)',
  ],
  ['[ or Shift B', 'previous failure'],
  ['Space', 'play or pause the take under the inspector, at its frame rate'],
  [', and .', 'previous and next frame of the take (Shift: ten frames)'],
  ['Enter', 'open the selected frame'],
  ['Esc', 'back to the grid (or close this sheet, or stop drawing a new person’s box)'],
  ['E', 'correct labels: joints become handles, the tools show'],
  ['Ctrl/⌘ Z', 'undo the last correction (any frame, no limit)'],
  ['Ctrl/⌘ Shift Z or Ctrl Y', 'redo'],
  ['G', 'show or hide ground truth'],
  ['P', 'show or hide predictions'],
  ['0', 'reset the image view (the views grid shows whole images)'],
  ['F', 'fit the inspected person in the image view (the views grid follows them)'],
  [
    'V',
    'views grid: this moment from every calibrated camera (with E: place a joint in each to triangulate it)',
  ],
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
