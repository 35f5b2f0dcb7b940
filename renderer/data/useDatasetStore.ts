import { create } from 'zustand';
import { registerFileSkeleton } from '../../core';
import {
  rankMetric,
  worstIsHighest,
  type DatasetInfo,
  type FrameMetric,
  type FrameSortKey,
  type IndexProgress,
  type ReviewStatus,
  type DatasetFormat,
} from '../../contract';

/** The top bar's views (views.tsx lists them, in tab order) and the dataset opener. */
export type View =
  'open' | 'grid' | 'people' | 'frame' | 'compare' | 'dashboard' | 'models' | 'skeletons';
/** The inspector's person panels (inspector/panelRegistry.ts lists them, in tab order). */
export type PersonPanel = 'ranking' | 'bins' | 'heatmaps' | 'profiles' | 'joints';

export interface FrameOrder {
  readonly sort: FrameSortKey;
  readonly descending: boolean;
  /** The primary run: frames are ranked by its metrics. */
  readonly runId: number | null;
  readonly group: string | null;
  readonly subject: string | null;
  readonly camera: string | null;
  /** Only frames with exactly this many labelled people. */
  readonly people: number | null;
  readonly flaggedOnly: boolean;
  /** Only frames whose value of a metric (in the primary run) lies in [min, max]. */
  readonly range: {
    readonly metric: FrameMetric;
    readonly min?: number;
    readonly max?: number;
  } | null;
  /** Only frames where the primary run missed someone. */
  readonly missedOnly: boolean;
  /** Only frames with a corrected person. */
  readonly editedOnly: boolean;
  readonly review: ReviewStatus | null;
  /** Only frames whose file name holds this text, or whose dataset image id it is. */
  readonly search: string | null;
}

interface DatasetState {
  readonly view: View;
  readonly dataset: DatasetInfo | null;
  readonly progress: IndexProgress | null;
  readonly error: string | null;
  readonly order: FrameOrder;
  /** Position of the open frame in the current order. */
  readonly position: number;
  /**
   * A frame opened from elsewhere (the people table, a chart point) by id: shown instead of the
   * one at `position` until the user steps to the next or previous frame in the order.
   */
  readonly focusImage: number | null;
  /** A take is playing: the inspector shows the newest frame in, not dimmed while the next loads. */
  readonly playing: boolean;
  readonly showShortcuts: boolean;
  /** Counts the user's own navigation, so a dataset opened on start never pulls the view away. */
  readonly intent: number;
  readonly showSources: { readonly gt: boolean; readonly runs: boolean };
  /** The person the inspector's panels show; null picks the frame's worst. */
  readonly selectedInstance: number | null;
  /** A joint pair (ranking-matrix hover) highlighted in the image and in 3D. */
  readonly highlight: readonly [number, number] | null;
  readonly panel: PersonPanel;
  /** Heatmap of one joint, or null for the maximum over joints. */
  readonly heatmapJoint: number | null;
  readonly heatmapOpacity: number;
  /** What the last failure search said when it found none (shown until the next step). */
  readonly notice: string | null;
  /** Counts changes to the dataset's data (imports, edits, re-scoring): lists and frames refetch. */
  readonly generation: number;
  bumpGeneration(): void;
  setView(view: View): void;
  selectInstance(id: number | null): void;
  setHighlight(pair: readonly [number, number] | null): void;
  setPanel(panel: PersonPanel): void;
  /** The run a person panel shows, when the user picked one (else it picks for itself). */
  readonly panelRun: Partial<Record<PersonPanel, number>>;
  setPanelRun(panel: PersonPanel, runId: number): void;
  /** Bumped to frame the inspected person in the image (F). */
  readonly fitPerson: number;
  fitToPerson(): void;
  setHeatmap(opts: { joint?: number | null; opacity?: number }): void;
  /** The heatmap value under the pointer (its cell, the value, the shown maximum), or null. */
  readonly heatmapProbe: { col: number; row: number; value: number; hi: number } | null;
  setHeatmapProbe(probe: DatasetState['heatmapProbe']): void;
  setDataset(dataset: DatasetInfo): void;
  setProgress(progress: IndexProgress | null): void;
  setError(error: string | null): void;
  setOrder(order: Partial<FrameOrder>): void;
  openAt(position: number): void;
  openImage(imageId: number, instanceId?: number): void;
  toggleShortcuts(show?: boolean): void;
  toggleSource(source: 'gt' | 'runs'): void;
}

/** A ranked order's sort: the dataset kind's headline metric, worst first. */
export function rankedBy(format: DatasetFormat): Pick<FrameOrder, 'sort' | 'descending'> {
  const sort = rankMetric(format);
  return { sort, descending: worstIsHighest(sort) };
}

const DEFAULT_ORDER: FrameOrder = {
  sort: 'file',
  descending: false,
  runId: null,
  group: null,
  subject: null,
  camera: null,
  people: null,
  flaggedOnly: false,
  range: null,
  missedOnly: false,
  editedOnly: false,
  review: null,
  search: null,
};

export const useDatasetStore = create<DatasetState>((set) => ({
  view: 'open',
  dataset: null,
  progress: null,
  error: null,
  order: DEFAULT_ORDER,
  position: 0,
  focusImage: null,
  playing: false,
  showShortcuts: false,
  intent: 0,
  showSources: { gt: true, runs: true },
  selectedInstance: null,
  highlight: null,
  panel: 'ranking',
  heatmapJoint: null,
  heatmapOpacity: 0.6,
  heatmapProbe: null,
  setHeatmapProbe: (heatmapProbe) => set({ heatmapProbe }),
  notice: null,
  generation: 0,
  bumpGeneration: () => set((s) => ({ generation: s.generation + 1 })),
  setView: (view) => set((s) => ({ view, intent: s.intent + 1 })),
  selectInstance: (selectedInstance) => set({ selectedInstance }),
  setHighlight: (highlight) => set({ highlight }),
  setPanel: (panel) => set({ panel }),
  panelRun: {},
  fitPerson: 0,
  fitToPerson: () => set((s) => ({ fitPerson: s.fitPerson + 1 })),
  setPanelRun: (panel, runId) => set((s) => ({ panelRun: { ...s.panelRun, [panel]: runId } })),
  setHeatmap: ({ joint, opacity }) =>
    set((s) => ({
      heatmapJoint: joint === undefined ? s.heatmapJoint : joint,
      heatmapOpacity: opacity ?? s.heatmapOpacity,
    })),
  setDataset: (dataset) =>
    set((s) => {
      // Every view draws through getSkeleton(dataset.skeleton): a file-defined skeleton must be
      // known before the dataset is.
      if (dataset.skeletonSpec) registerFileSkeleton(dataset.skeletonSpec);
      const sameDataset = s.dataset?.id === dataset.id;
      // A dataset with a prediction run opens ranked by it, worst first: that is what users look for.
      const run = dataset.runs.find((r) => r.predictions > 0);
      const order: FrameOrder = sameDataset
        ? s.order
        : run
          ? { ...DEFAULT_ORDER, ...rankedBy(dataset.format), runId: run.id }
          : DEFAULT_ORDER;
      return {
        dataset,
        order,
        // The skeleton reference and the models stay up if the user went there while the folder
        // indexed (the models then say which fit it).
        view: sameDataset || s.view === 'skeletons' || s.view === 'models' ? s.view : 'grid',
        position: sameDataset ? s.position : 0,
        // Hiding the labels or the runs is about one dataset's frames, not the next one's.
        showSources: sameDataset ? s.showSources : { gt: true, runs: true },
        panelRun: sameDataset ? s.panelRun : {},
        error: null,
      };
    }),
  setProgress: (progress) => set({ progress }),
  setError: (error) => set({ error }),
  setOrder: (order) =>
    set((s) => ({ order: { ...s.order, ...order }, position: 0, focusImage: null })),
  openAt: (position) => set({ position, view: 'frame', selectedInstance: null, focusImage: null }),
  openImage: (imageId, instanceId) =>
    set((s) => ({
      focusImage: imageId,
      selectedInstance: instanceId ?? null,
      view: 'frame',
      intent: s.intent + 1,
    })),
  toggleShortcuts: (show) => set((s) => ({ showShortcuts: show ?? !s.showShortcuts })),
  toggleSource: (source) =>
    set((s) => ({ showSources: { ...s.showSources, [source]: !s.showSources[source] } })),
}));
