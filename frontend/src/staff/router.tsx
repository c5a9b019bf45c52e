import { Suspense } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';

import { FullPageSpin } from './components/FullPageSpin';
import BasicLayout from './layouts/BasicLayout';
import { GroupRedirect } from './layouts/GroupRedirect';
import NotFound from './layouts/NotFound';
import { RouteGuard } from './layouts/RouteGuard';
import { appRoutes, flattenRoutes, LoginPage } from './routes';

const consoleRoutes: RouteObject[] = flattenRoutes(appRoutes).map((route) => ({
  path: route.path,
  element: route.component ? <RouteGuard route={route} /> : <GroupRedirect group={route} />,
}));

export const router = createBrowserRouter([
  {
    path: '/login',
    element: (
      <Suspense fallback={<FullPageSpin />}>
        <LoginPage />
      </Suspense>
    ),
  },
  {
    element: <BasicLayout />,
    children: [...consoleRoutes, { path: '*', element: <NotFound /> }],
  },
]);
