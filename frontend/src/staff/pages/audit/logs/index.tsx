import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';

import { PageContainer } from '../../../components/PageContainer';
import { ChangesTab } from './components/ChangesTab';
import { LoginsTab } from './components/LoginsTab';
import { OperationsTab } from './components/OperationsTab';

export default function AuditLogsPage() {
  const { t } = useTranslation();
  return (
    <PageContainer title={t('menu.audit.logs')}>
      <Tabs
        items={[
          { key: 'operations', label: t('pages.audit.logs.tabs.operations'), children: <OperationsTab /> },
          { key: 'changes', label: t('pages.audit.logs.tabs.changes'), children: <ChangesTab /> },
          { key: 'logins', label: t('pages.audit.logs.tabs.logins'), children: <LoginsTab /> },
        ]}
      />
    </PageContainer>
  );
}
