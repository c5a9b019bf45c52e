import { Navigate } from 'react-router';

import type { AppRoute } from '../routes';
import { useAccess } from '../session/useMe';

/** A menu group's own path (e.g. /system) opens the first page under it that the user may see. */
export function GroupRedirect({ group }: { group: AppRoute }) {
  const access = useAccess();
  const first = group.children?.find((child) => access[child.access]);
  return <Navigate to={first?.path ?? '/'} replace />;
}
