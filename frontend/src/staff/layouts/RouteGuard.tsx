import { Button, Result } from 'antd';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { FullPageSpin } from '../components/FullPageSpin';
import type { AppRoute } from '../routes';
import { useAccess } from '../session/useMe';

/** Opens a page only for users whose access flag allows it, and titles the browser tab after it. */
export function RouteGuard({ route }: { route: AppRoute }) {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const title = t(route.name);
  const appTitle = t('app.title');

  useEffect(() => {
    document.title = `${title} - ${appTitle}`;
  }, [title, appTitle]);

  if (!access[route.access]) {
    return (
      <Result
        status="403"
        title={t('pages.exception.403.title')}
        subTitle={t('pages.exception.403.description')}
        extra={<Button onClick={() => void navigate('/')}>{t('pages.exception.backHome')}</Button>}
      />
    );
  }
  const Page = route.component;
  if (!Page) return null;
  return (
    <Suspense fallback={<FullPageSpin inline />}>
      <Page />
    </Suspense>
  );
}
