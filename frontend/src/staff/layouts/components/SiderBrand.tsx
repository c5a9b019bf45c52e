import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function SiderBrand({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" style={{ height: 64, paddingInline: 12 }}>
      <Typography.Text strong ellipsis style={{ color: '#fff', fontSize: collapsed ? 14 : 16 }}>
        {collapsed ? t('app.brandMark') : t('app.shortTitle')}
      </Typography.Text>
    </Flex>
  );
}
