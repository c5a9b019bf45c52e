import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

import { ApiError } from '@/api/errors';

/** A list or page that could not load: the server's message and a retry button. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof ApiError && error.message ? error.message : t('pages.catalog.loadFailed');
  return (
    <Result
      status="warning"
      title={t('pages.catalog.loadFailed')}
      subTitle={message}
      extra={<Button onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}
