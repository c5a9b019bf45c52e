import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';

import { PageContainer } from '../../../components/PageContainer';
import { useAccess } from '../../../session/useMe';
import { DiscountLimitsTab } from './components/DiscountLimitsTab';
import { PaymentModesTab } from './components/PaymentModesTab';
import { SplitTab } from './components/SplitTab';

/** 收银设置: payment modes, discount limits per role, the performance split and the refund self-approval limit. */
export default function SalesSettingsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const canManage = access.canManageSalesSettings;
  return (
    <PageContainer title={t('menu.sales.settings')}>
      <Tabs
        items={[
          { key: 'modes', label: t('pages.sales.settings.modes'), children: <PaymentModesTab canManage={canManage} /> },
          { key: 'limits', label: t('pages.sales.settings.limits'), children: <DiscountLimitsTab canManage={canManage} canListRoles={access.canViewRole} /> },
          { key: 'split', label: t('pages.sales.settings.split'), children: <SplitTab canManage={canManage} /> },
        ]}
      />
    </PageContainer>
  );
}
