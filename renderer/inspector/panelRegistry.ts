import type { ComponentType } from 'react';
import type { PersonPanel } from '../data/useDatasetStore';
import { JointsPanel } from './JointsPanel';
import {
  DepthBinsPanel,
  DepthProfilesPanel,
  HeatmapPanel,
  RankingPanel,
  type PersonPanelProps,
} from './personPanelViews';

export interface PersonPanelEntry {
  /** The store's name for the panel (`useDatasetStore`'s `panel`). */
  readonly id: PersonPanel;
  /** The tab's label. */
  readonly title: string;
  readonly component: ComponentType<PersonPanelProps>;
}

/**
 * The inspector's person panels, in tab order. A new panel is one entry here (and its id in
 * `PersonPanel`, which the check below holds to this list).
 */
export const PERSON_PANELS = [
  { id: 'ranking', title: 'Ranking matrix', component: RankingPanel },
  { id: 'bins', title: 'Depth bins', component: DepthBinsPanel },
  { id: 'heatmaps', title: 'Heatmaps', component: HeatmapPanel },
  { id: 'profiles', title: 'Depth profiles', component: DepthProfilesPanel },
  { id: 'joints', title: 'Joints', component: JointsPanel },
] as const satisfies readonly PersonPanelEntry[];

/** Fails to compile while an id of `PersonPanel` has no entry above. */
type Unlisted = Exclude<PersonPanel, (typeof PERSON_PANELS)[number]['id']>;
const everyPanelListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyPanelListed;
