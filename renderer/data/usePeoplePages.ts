import type { PeopleQuery, PersonRow } from '../../contract';
import { useApi } from './ClientContext';
import { PagedList, usePagedList } from './pagedList';

const cache = new Map<string, PagedList<PersonRow>>();

/** The people table's rows for one query, fetched as they scroll into view. */
export function usePeoplePages(query: PeopleQuery) {
  const api = useApi();
  return usePagedList(
    JSON.stringify(query),
    cache,
    () => new PagedList<PersonRow>((offset, limit) => api.listPeople({ ...query, offset, limit })),
  );
}
