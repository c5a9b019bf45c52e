import { Alert, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';

import { PageContainer } from '../../../components/PageContainer';
import { useAccess } from '../../../session/useMe';
import { AssessmentFormsTab } from './components/AssessmentFormsTab';
import { SourcesTab } from './components/SourcesTab';
import { TagsTab } from './components/TagsTab';
import { TiersTab } from './components/TiersTab';

const TABS = ['sources', 'tags', 'tiers', 'forms'] as const;
type TabKey = (typeof TABS)[number];

/** 客户设置: the lists a department keeps for customer files. Read-only without the manage permission. */
export default function CustomerSettingsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const editable = access.canManageCustomerSettings;
  // The open tab lives in the address, so a link or a reload lands on it.
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  // Assessment forms are read with the assessment permission, which not everyone with settings has.
  const tabs = TABS.filter((key) => key !== 'forms' || access.canViewAssessment);
  const active: TabKey = tabs.includes(requested as TabKey) ? (requested as TabKey) : 'sources';

  return (
    <PageContainer title={t('menu.customers.settings')}>
      {!editable && <Alert type="info" showIcon title={t('pages.customers.settings.readOnly')} style={{ marginBottom: 12 }} />}
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'sources', label: t('pages.customers.settings.tabs.sources'), children: <SourcesTab editable={editable} /> },
          { key: 'tags', label: t('pages.customers.settings.tabs.tags'), children: <TagsTab editable={editable} /> },
          { key: 'tiers', label: t('pages.customers.settings.tabs.tiers'), children: <TiersTab editable={editable} /> },
          { key: 'forms', label: t('pages.customers.settings.tabs.forms'), children: <AssessmentFormsTab editable={editable} /> },
        ].filter((item) => tabs.includes(item.key as TabKey))}
      />
    </PageContainer>
  );
}
