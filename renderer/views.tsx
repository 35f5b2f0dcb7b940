import { lazy, type ComponentType } from 'react';
import type { View } from './data/useDatasetStore';
import type { useFramePages } from './data/useFramePages';
import { FrameGrid } from './frames/FrameGrid';

/**
 * The views past the first screen, each its own chunk (the 3D view's three.js, the dashboard's
 * ECharts, the model forms): the grid shows before they load, and `preloadViews` fetches them
 * once it is up, so switching to one rarely waits.
 */
const LOADERS = {
  frame: () => import('./frames/FrameView').then((m) => ({ default: m.FrameView })),
  compare: () => import('./compare/CompareView').then((m) => ({ default: m.CompareView })),
  dashboard: () => import('./dashboard/Dashboard').then((m) => ({ default: m.Dashboard })),
  models: () => import('./models/ModelsView').then((m) => ({ default: m.ModelsView })),
  people: () => import('./people/PeopleTable').then((m) => ({ default: m.PeopleTable })),
  skeletons: () =>
    import('./skeletons/SkeletonReference').then((m) => ({ default: m.SkeletonReference })),
} as const;

const FrameView = lazy(LOADERS.frame);
const CompareView = lazy(LOADERS.compare);
const Dashboard = lazy(LOADERS.dashboard);
const ModelsView = lazy(LOADERS.models);
const PeopleTable = lazy(LOADERS.people);
const SkeletonReference = lazy(LOADERS.skeletons);

/** Fetches every split view's code (they are cached: a view opened later finds it here). */
export function preloadViews(): void {
  for (const load of Object.values(LOADERS)) void load();
}

/** What a view over the dataset's frame list gets (the grid, the inspector, …). */
export interface FramesViewProps {
  readonly pages: ReturnType<typeof useFramePages>['pages'];
  /** Counts changes to the dataset's data: lists and frames refetch. */
  readonly generation: number;
  /** Counts the user's "reset the image view" (the 0 key). */
  readonly resetKey: number;
}

/**
 * A top-bar tab. `needs` says what it is shown with: `nothing` (also before a dataset is open),
 * the open `dataset`, or the dataset's `frames` (its frame list in the current order, which the
 * keyboard's previous/next steps walk).
 */
export type ViewEntry = { readonly id: Exclude<View, 'open'>; readonly title: string } & (
  | { readonly needs: 'nothing'; readonly component: ComponentType }
  | { readonly needs: 'dataset'; readonly component: ComponentType }
  | { readonly needs: 'frames'; readonly component: ComponentType<FramesViewProps> }
);

/** The people list starts afresh (scroll, pages) when the dataset's data changes. */
function PeopleView({ generation }: FramesViewProps) {
  return <PeopleTable key={generation} />;
}

/** The top bar's views, in tab order; a new view is one entry (and its id in `View`). */
export const VIEWS = [
  { id: 'grid', title: 'Frames', needs: 'frames', component: FrameGrid },
  { id: 'people', title: 'People', needs: 'frames', component: PeopleView },
  { id: 'frame', title: 'Inspector', needs: 'frames', component: FrameView },
  { id: 'compare', title: 'Compare', needs: 'frames', component: CompareView },
  { id: 'dashboard', title: 'Metrics', needs: 'dataset', component: Dashboard },
  { id: 'models', title: 'Models', needs: 'nothing', component: ModelsView },
  { id: 'skeletons', title: 'Skeletons', needs: 'nothing', component: SkeletonReference },
] as const satisfies readonly ViewEntry[];

/** Fails to compile while a view of `View` (but the opener) has no entry above. */
type Unlisted = Exclude<View, 'open' | (typeof VIEWS)[number]['id']>;
const everyViewListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyViewListed;

/** The entry of a view; undefined for the dataset opener. */
export const viewEntry = (view: View): ViewEntry | undefined => VIEWS.find((v) => v.id === view);
