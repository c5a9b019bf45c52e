import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** A tab whose list failed to load; the error policy has already said why. */
export function TabError({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('pages.customers.detail.tab.loadFailed')}
      extra={<Button onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}
