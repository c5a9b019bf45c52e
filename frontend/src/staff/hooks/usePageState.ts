import { useState } from 'react';

import { FIRST_PAGE, type PageState } from '../utils/pagination';

/**
 * A server-paged list's page, back to the first whenever `filtersKey` changes — whether the user changed a filter
 * or the address bar did (a link, the back button). The page size is kept.
 */
export function usePageState(filtersKey: string): [PageState, (next: PageState) => void] {
  const [state, setState] = useState({ key: filtersKey, page: FIRST_PAGE });
  const page = state.key === filtersKey ? state.page : { ...FIRST_PAGE, page_size: state.page.page_size };
  return [page, (next) => setState({ key: filtersKey, page: next })];
}
