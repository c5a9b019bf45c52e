/** Server data lives in TanStack Query only; its caches route every failure through the one error policy. */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';

import { ApiError, NETWORK_ERROR_STATUS } from '@/api/errors';
import { reportError } from '@/api/reporting';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** The page shows the error message itself, so no toast. */
      inlineError?: boolean;
    };
  }
}

const MAX_RETRIES = 2;

/** Only failures that may pass by themselves are retried; a 4xx answer will not change. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  return error instanceof ApiError && (error.status === NETWORK_ERROR_STATUS || error.status >= 500);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error) => reportError(error),
  }),
  mutationCache: new MutationCache({
    onError: (error, _variables, _context, mutation) => reportError(error, { inline: mutation.meta?.inlineError }),
  }),
  defaultOptions: {
    queries: { retry: shouldRetry, refetchOnWindowFocus: false, staleTime: 30_000 },
    mutations: { retry: false },
  },
});
