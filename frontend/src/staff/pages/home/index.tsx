import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { useMe } from '../../session/useMe';

export default function HomePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!me) return null;

  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const tags = (items: { id: number; name: string }[]) =>
    items.length > 0 ? (
      <Flex wrap gap={4}>
        {items.map((item) => (
          <Tag key={item.id}>{item.name}</Tag>
        ))}
      </Flex>
    ) : (
      none
    );

  return (
    <Card variant="borderless" data-testid="welcome-card">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('pages.home.welcome', { name: me.name })}
      </Typography.Title>
      <Descriptions
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'staffNumber', label: t('pages.home.staffNumber'), children: me.staff_number },
          { key: 'orgUnit', label: t('pages.home.orgUnit'), children: me.org_unit.name },
          { key: 'roles', label: t('pages.home.roles'), children: tags(me.roles) },
          { key: 'positions', label: t('pages.home.positions'), children: tags(me.positions) },
        ]}
      />
    </Card>
  );
}
