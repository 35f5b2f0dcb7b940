import { useEffect, useRef } from 'react';
import { errorMessage } from '../../contract';
import { useDatasetStore } from '../data/useDatasetStore';
import { useEditStore } from '../data/useEditStore';
import { useEdits } from '../data/useEdits';
import { useFailureStep } from '../data/useFailureStep';
import { useViewsStore } from '../data/useViewsStore';
import { stepAlongTake } from '../data/useTakeStore';

/** Views where ←/→ step through the frames of the current order. */
const STEPS = new Set(['grid', 'frame', 'compare']);

/** Global shortcuts (the sheet lists them); typing in a field never triggers them. */
export function useKeyboard(opts: {
  total: number | null;
  ensure: (position: number) => Promise<void>;
  chooseDataset: () => void;
  resetView: () => void;
}): void {
  const { total, ensure, chooseDataset, resetView } = opts;
  const failureStep = useFailureStep(ensure);
  const { undo, redo } = useEdits();
  /** Where the steps still waiting for their page are going: the next step goes on from there. */
  const stepTarget = useRef<number | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (
        target &&
        (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')
      )
        return;
      const s = useDatasetStore.getState();
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        chooseDataset();
        return;
      }
      if ((e.ctrlKey || e.metaKey) && s.dataset && ['z', 'y'].includes(e.key.toLowerCase())) {
        e.preventDefault();
        if (e.key.toLowerCase() === 'y' || e.shiftKey) void redo();
        else void undo();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const step = (d: number) => {
        if (!s.dataset || total === null || total === 0) return;
        // Keys pressed while a page loads (the list re-read after an edit) all count.
        const next = Math.min(total - 1, Math.max(0, (stepTarget.current ?? s.position) + d));
        stepTarget.current = next;
        void ensure(next).then(() => {
          if (stepTarget.current !== next) return;
          stepTarget.current = null;
          useDatasetStore.setState({
            position: next,
            selectedInstance: null,
            highlight: null,
            focusImage: null,
            notice: null,
          });
        });
      };
      const failure = (d: 1 | -1) => {
        if (!s.dataset) return;
        failureStep(d).catch((err: unknown) =>
          useDatasetStore.setState({ notice: errorMessage(err) }),
        );
      };
      switch (e.key) {
        case '?':
          s.toggleShortcuts();
          break;
        case 'Escape':
          if (s.showShortcuts) s.toggleShortcuts(false);
          else if (useEditStore.getState().drawing) useEditStore.getState().setDrawing(false);
          else if (s.view === 'frame' || s.view === 'compare') s.setView('grid');
          break;
        case 'ArrowRight':
        case 'j':
          if (STEPS.has(s.view)) step(1);
          break;
        case 'ArrowLeft':
        case 'k':
          if (STEPS.has(s.view)) step(-1);
          break;
        case ']':
        case 'N':
          if (STEPS.has(s.view) && !stepAlongTake(1)) failure(1);
          break;
        case '[':
        case 'B':
          if (STEPS.has(s.view) && !stepAlongTake(-1)) failure(-1);
          break;
        case 'Enter':
          if (s.view === 'grid' && s.dataset) s.openAt(s.position);
          break;
        case 'e':
          if (s.view === 'frame') useEditStore.getState().setEditing();
          break;
        case 'g':
          s.toggleSource('gt');
          break;
        case 'p':
          s.toggleSource('runs');
          break;
        case '0':
          resetView();
          useViewsStore.getState().setFollow(false);
          break;
        case 'f':
          if (s.view === 'frame') s.fitToPerson();
          useViewsStore.getState().setFollow(true);
          break;
        case 'v':
          if (s.view === 'frame') useViewsStore.getState().toggle();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [total, ensure, chooseDataset, resetView, failureStep, undo, redo]);
}
