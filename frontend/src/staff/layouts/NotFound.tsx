import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

export default function NotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('pages.exception.404.title')}
      subTitle={t('pages.exception.404.description')}
      extra={<Button onClick={() => void navigate('/')}>{t('pages.exception.backHome')}</Button>}
    />
  );
}
