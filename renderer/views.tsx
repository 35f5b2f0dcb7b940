import type { ComponentType } from 'react';
import { CompareView } from './compare/CompareView';
import { Dashboard } from './dashboard/Dashboard';
import type { View } from './data/useDatasetStore';
import type { useFramePages } from './data/useFramePages';
import { FrameGrid } from './frames/FrameGrid';
import { FrameView } from './frames/FrameView';
import { ModelsView } from './models/ModelsView';
import { PeopleTable } from './people/PeopleTable';
import { SkeletonReference } from './skeletons/SkeletonReference';

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
