import type { DatasetInfo } from '../../contract';
import { failureRule } from '../data/useFailureStep';
import { useDatasetStore } from '../data/useDatasetStore';
import { takeFailureRule, useTakeStore } from '../data/useTakeStore';

/**
 * What `[`/`]` follow, above the inspector: the grid's order, or the take when the shown frame
 * was reached along it. Its own component, so a take's timeline arriving re-renders this line
 * and not the frame view.
 */
export function FailureKeysHint({ dataset }: { dataset: DatasetInfo }) {
  const order = useDatasetStore((s) => s.order);
  const focusImage = useDatasetStore((s) => s.focusImage);
  const take = useTakeStore((s) => s.timeline);
  const series = useTakeStore((s) => s.series);
  const threeD = useTakeStore((s) => s.threeD);
  const along =
    focusImage !== null && take?.frames.some((f) => f.imageId === focusImage) ? take : null;
  return (
    <>
      [/] previous/next failure{' '}
      {along
        ? `along ${along.take.key} (${takeFailureRule(along, series, threeD)})`
        : `(${failureRule(order, dataset.format)})`}
    </>
  );
}
