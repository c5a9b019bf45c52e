import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';

import { getAccess, type Access } from '../access';
import { fetchMe, meQueryKey } from './service';

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

export function useAccess(): Access {
  const { data } = useMe();
  return useMemo(() => getAccess(data), [data]);
}
