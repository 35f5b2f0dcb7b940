import { useCallback, useEffect, useMemo } from 'react';
import {
  errorMessage,
  type EditOutcome,
  type EditToolName,
  type ViewsCorrection,
} from '../../contract';
import type { PersonJoints } from '../../core';
import { useApi } from './ClientContext';
import { toContractJoints } from '../../contract';
import { useDatasetStore } from './useDatasetStore';
import { useEditStore } from './useEditStore';

/**
 * What a correction tool (edit/editTools.ts, pure functions of a frame's person) proposes: the
 * person's new joints, or why it cannot act. `useToolResult` hands it to the main side.
 */
export type ToolResult =
  | { readonly ok: true; readonly after: Partial<PersonJoints>; readonly what: string }
  | { readonly ok: false; readonly why: string };

/** Sends a tool's proposal as one edit of a person (what `useToolResult` returns). */
export type ApplyTool = (r: ToolResult, tool: EditToolName, joint: number | null) => void;

/** The person an edit is for, with the version of them the view showed. */
export interface EditedPerson {
  readonly instanceId: number;
  readonly version?: number | undefined;
}

/** The edit's `version` field: the view's, so an edit made from a stale view is refused. */
const versionOf = (p: EditedPerson) => (p.version === undefined ? {} : { version: p.version });

/**
 * Corrections through the contract: each applied, undone or redone edit refreshes the frame at
 * once (the main side has written it) and again when the runs are scored against it.
 */
export function useEdits() {
  const api = useApi();
  const datasetId = useDatasetStore((s) => s.dataset?.id ?? null);

  useEffect(() => {
    if (datasetId === null) return;
    void api.editState({ datasetId }).then(useEditStore.getState().setCounts, () => undefined);
  }, [api, datasetId]);

  const settle = useCallback((out: EditOutcome, what: string) => {
    useEditStore.getState().setCounts(out.state);
    if (out.editId === null) {
      useEditStore.setState({ busy: false });
      useEditStore.getState().say(`${what}: nothing to do`);
      return;
    }
    useEditStore.getState().say(what);
    useDatasetStore.getState().bumpGeneration();
  }, []);

  /**
   * One edit call while no other is on its way: the tools wait (busy) until its frame arrives,
   * and a failure is said where the tools are.
   */
  const submit = useCallback(
    async (
      call: (datasetId: number) => Promise<EditOutcome>,
      what: string,
      then?: (out: EditOutcome) => void,
    ) => {
      if (datasetId === null || useEditStore.getState().busy) return;
      useEditStore.setState({ busy: true });
      try {
        const out = await call(datasetId);
        settle(out, what);
        then?.(out);
      } catch (err) {
        useEditStore.setState({ busy: false });
        useEditStore.getState().say(errorMessage(err), true);
      }
    },
    [datasetId, settle],
  );

  const apply = useCallback(
    (
      person: EditedPerson,
      tool: EditToolName,
      joint: number | null,
      after: Partial<PersonJoints>,
      what: string,
    ) =>
      submit(
        (datasetId) =>
          api.editPerson({
            datasetId,
            instanceId: person.instanceId,
            tool,
            joint,
            ...toContractJoints(after),
            ...versionOf(person),
          }),
        what,
      ),
    [api, submit],
  );

  /** Several people's corrections (a whole frame), one edit each, then one refresh. */
  const applyAll = useCallback(
    async (
      items: readonly {
        instanceId: number;
        version?: number | undefined;
        tool: EditToolName;
        joint: number | null;
        after: Partial<PersonJoints>;
      }[],
      what: string,
    ) => {
      if (datasetId === null || items.length === 0 || useEditStore.getState().busy) return;
      useEditStore.setState({ busy: true });
      let last: EditOutcome | null = null;
      let changed: number | null = null;
      try {
        for (const i of items) {
          last = await api.editPerson({
            datasetId,
            instanceId: i.instanceId,
            tool: i.tool,
            joint: i.joint,
            ...toContractJoints(i.after),
            ...versionOf(i),
          });
          changed = last.editId ?? changed;
        }
        if (last) settle({ ...last, editId: changed }, what);
      } catch (err) {
        useEditStore.setState({ busy: false });
        useEditStore.getState().say(errorMessage(err), true);
      }
    },
    [api, datasetId, settle],
  );

  /** Adds a person to a frame, then inspects them. */
  const addPerson = useCallback(
    (imageId: number, placed: Partial<PersonJoints>, what: string) => {
      if (!useEditStore.getState().busy) useEditStore.getState().setDrawing(false);
      const { bbox, ...joints } = toContractJoints(placed);
      return submit(
        (datasetId) => api.addPerson({ datasetId, imageId, ...joints, ...(bbox ? { bbox } : {}) }),
        what,
        (out) => {
          if (out.instanceId !== null) useDatasetStore.getState().selectInstance(out.instanceId);
        },
      );
    },
    [api, submit],
  );

  const deletePerson = useCallback(
    (instanceId: number, what: string) =>
      submit(
        (datasetId) => api.deletePerson({ datasetId, instanceId }),
        what,
        () => useDatasetStore.getState().selectInstance(null),
      ),
    [api, submit],
  );

  /** A joint placed in several views of a moment, triangulated and written as one edit. */
  const correctFromViews = useCallback(
    (req: Omit<ViewsCorrection, 'datasetId'>, what: string, then?: () => void) =>
      submit((datasetId) => api.correctFromViews({ datasetId, ...req }), what, then),
    [api, submit],
  );

  const step = useCallback(
    async (redo: boolean) => {
      if (datasetId === null) return;
      try {
        const out = await (redo ? api.redoEdit({ datasetId }) : api.undoEdit({ datasetId }));
        settle(out, redo ? 'Redone' : 'Undone');
        // Undoing an edit made on another frame goes back to that frame.
        const s = useDatasetStore.getState();
        if (out.imageId !== null && out.imageId !== useEditStore.getState().shownImage)
          s.openImage(out.imageId, out.instanceId ?? undefined);
        else if (out.instanceId !== null) s.selectInstance(out.instanceId);
      } catch (err) {
        useEditStore.getState().say(errorMessage(err), true);
      }
    },
    [api, datasetId, settle],
  );

  return useMemo(
    () => ({
      apply,
      applyAll,
      addPerson,
      deletePerson,
      correctFromViews,
      undo: () => step(false),
      redo: () => step(true),
    }),
    [apply, applyAll, addPerson, deletePerson, correctFromViews, step],
  );
}

/** Hands a tool's proposal to `apply` for one person, or shows why the tool could not act. */
export function useToolResult(person: EditedPerson | undefined): ApplyTool {
  const { apply } = useEdits();
  const instanceId = person?.instanceId;
  const version = person?.version;
  return useCallback(
    (r: ToolResult, tool: EditToolName, joint: number | null) => {
      if (!r.ok) useEditStore.getState().say(r.why, true);
      else if (instanceId !== undefined)
        void apply({ instanceId, version }, tool, joint, r.after, r.what);
    },
    [apply, instanceId, version],
  );
}
