import type { ComponentType } from 'react';
import type { PersonArtifacts } from '../../contract';
import type { Artifacts } from '../data/useArtifacts';
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
  /** The model output the panel shows: it opens on the first run that stored one. */
  readonly needs?: ArtifactKind;
  /** That output in words, for the run picker ("no depth bins"). */
  readonly needsLabel?: string;
}

/**
 * The inspector's person panels, in tab order. A new panel is one entry here (and its id in
 * `PersonPanel`, which the check below holds to this list).
 */
export const PERSON_PANELS = [
  { id: 'ranking', title: 'Ranking matrix', component: RankingPanel },
  {
    id: 'bins',
    title: 'Depth bins',
    component: DepthBinsPanel,
    needs: 'depth_bins',
    needsLabel: 'depth bins',
  },
  {
    id: 'heatmaps',
    title: 'Heatmaps',
    component: HeatmapPanel,
    needs: 'heatmaps',
    needsLabel: 'heatmaps',
  },
  {
    id: 'profiles',
    title: 'Depth profiles',
    component: DepthProfilesPanel,
    needs: 'depth_profiles',
    needsLabel: 'depth profiles',
  },
  { id: 'joints', title: 'Joints', component: JointsPanel },
] as const satisfies readonly PersonPanelEntry[];

type ArtifactKind = PersonArtifacts['items'][number]['kind'];

/**
 * The run a panel shows: the user's choice for it, else for a panel that shows a model output
 * the first run — the primary one first — whose stored outputs for the person have it, else the
 * primary run.
 */
export function panelRunId(
  panel: Pick<PersonPanelEntry, 'needs'>,
  runIds: readonly number[],
  primary: number | null,
  chosen: number | undefined,
  byRun: ReadonlyMap<number, Artifacts | null>,
): number | null {
  if (chosen !== undefined && runIds.includes(chosen)) return chosen;
  const needs = panel.needs;
  if (!needs) return primary;
  const order = primary === null ? runIds : [primary, ...runIds.filter((id) => id !== primary)];
  return order.find((id) => byRun.get(id)?.byKind.has(needs)) ?? primary;
}

/** Fails to compile while an id of `PersonPanel` has no entry above. */
type Unlisted = Exclude<PersonPanel, (typeof PERSON_PANELS)[number]['id']>;
const everyPanelListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyPanelListed;
