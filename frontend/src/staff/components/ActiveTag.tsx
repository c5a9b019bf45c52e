import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export function ActiveTag({ active }: { active: boolean | undefined }) {
  const { t } = useTranslation();
  return active === false ? <Tag>{t('common.status.inactive')}</Tag> : <Tag color="success">{t('common.status.active')}</Tag>;
}
