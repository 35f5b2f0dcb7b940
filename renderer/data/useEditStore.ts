import { create } from 'zustand';
import type { EditState } from '../../contract';

interface EditStoreState {
  /** Edit mode: ground-truth joints of the inspected person become handles, tools show. */
  readonly editing: boolean;
  /** The joint the tools act on. */
  readonly joint: number | null;
  /** Moving a joint turns its descendants with it, keeping every bone length. */
  readonly boneLock: boolean;
  /** What can be undone and redone, and who edits (from the main side). */
  readonly counts: EditState | null;
  /** The last edit's outcome or failure, for the panel and the status line. */
  readonly message: { readonly text: string; readonly error: boolean } | null;
  /**
   * An edit is on its way or the frame showing it has not arrived yet: the tools wait, so a
   * second click never builds on the labels from before the first.
   */
  readonly busy: boolean;
  /** The frame the inspector shows, so undoing an edit made elsewhere can go back to it. */
  readonly shownImage: number | null;
  /** Adding a person: the next box drawn on the image places them. */
  readonly drawing: boolean;
  setEditing(on?: boolean): void;
  setJoint(joint: number | null): void;
  setBoneLock(on: boolean): void;
  setDrawing(on: boolean): void;
  setCounts(counts: EditState): void;
  say(text: string, error?: boolean): void;
}

export const useEditStore = create<EditStoreState>((set) => ({
  editing: false,
  joint: null,
  boneLock: false,
  counts: null,
  message: null,
  shownImage: null,
  busy: false,
  drawing: false,
  setEditing: (on) => set((s) => ({ editing: on ?? !s.editing, message: null, drawing: false })),
  setJoint: (joint) => set({ joint }),
  setBoneLock: (boneLock) => set({ boneLock }),
  setDrawing: (drawing) => set({ drawing, ...(drawing ? { message: null } : {}) }),
  setCounts: (counts) => set({ counts }),
  say: (text, error = false) => set({ message: { text, error } }),
}));
