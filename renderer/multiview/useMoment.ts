import { useEffect, useState } from 'react';
import { errorMessage, type Moment } from '../../contract';
import { useApi } from '../data/ClientContext';

/**
 * The calibrated views of the shown frame's moment, while the views grid is open: null when the
 * frame has fewer than two, undefined while the first answer is on its way. The last moment
 * stays up while the next one loads, so stepping does not blank the grid.
 */
export function useMoment(
  datasetId: number,
  imageId: number | undefined,
  generation: number,
  open: boolean,
): { moment: Moment | null | undefined; error: string | null } {
  const api = useApi();
  const [state, setState] = useState<{ moment: Moment | null | undefined; error: string | null }>({
    moment: undefined,
    error: null,
  });
  useEffect(() => {
    if (!open || imageId === undefined) return;
    let live = true;
    api.momentViews({ datasetId, imageId }).then(
      (moment) => live && setState({ moment, error: null }),
      (err: unknown) => live && setState({ moment: null, error: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
  }, [api, datasetId, imageId, generation, open]);
  return state;
}
