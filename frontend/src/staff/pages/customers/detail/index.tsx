import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Flex, Result, Skeleton, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';

import { ApiError } from '@/api/errors';

import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useCustomerLabels } from '../shared/labels';
import { listUrlFrom } from '../shared/listReturn';
import { customerKeys, getOverview } from '../shared/service';
import { DetailActions } from './components/DetailActions';
import { Figures } from './components/Figures';
import { HeaderCard } from './components/HeaderCard';
import { TAB_CONTENT } from './components/tabs';

/** The 360° view: the file, its key figures and a tab per module the user may open. */
export default function CustomerDetailPage() {
  const { t } = useTranslation();
  const labels = useCustomerLabels();
  const phone = useLayoutMode() === 'phone';
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const overview = useQuery({ queryKey: customerKeys.overview(id), queryFn: () => getOverview(id), enabled: valid });

  if (!valid || (overview.error instanceof ApiError && overview.error.status === 404)) {
    return (
      <Card variant="borderless">
        <Result status="404" title={t('pages.customers.detail.notFound')} extra={<Link to="/customers/list">{t('menu.customers.list')}</Link>} />
      </Card>
    );
  }
  if (overview.isError && !overview.data) {
    return (
      <Card variant="borderless">
        <Result
          status="error"
          title={t('pages.customers.detail.loadFailed')}
          extra={<Button onClick={() => void overview.refetch()}>{t('common.retry')}</Button>}
        />
      </Card>
    );
  }
  if (overview.isPending) {
    return (
      <Flex vertical gap={12} data-testid="customer-loading">
        <Card variant="borderless">
          <Skeleton avatar active paragraph={{ rows: 4 }} />
        </Card>
        <Card variant="borderless">
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      </Flex>
    );
  }

  const { customer, figures, tabs } = overview.data;
  const shownTabs = tabs.filter((tab) => tab.key in TAB_CONTENT);
  const requested = params.get('tab');
  const activeTab = shownTabs.some((tab) => tab.key === requested) ? requested! : shownTabs[0]?.key;

  return (
    <Flex vertical gap={phone ? 8 : 12}>
      <Flex>
        <Link to={listUrlFrom(location.state)} data-testid="customer-back">
          <ArrowLeftOutlined /> {t('menu.customers.list')}
        </Link>
      </Flex>
      {customer.merged_into && (
        <Alert
          type="warning"
          showIcon
          title={t('pages.customers.detail.merged', { id: customer.merged_into })}
          action={<Link to={`/customers/${customer.merged_into}`}>{t('pages.customers.detail.merged.open')}</Link>}
          data-testid="customer-merged"
        />
      )}
      <HeaderCard customer={customer} actions={<DetailActions customer={customer} />} />
      <Figures figures={figures} />
      {shownTabs.length > 0 && (
        <Card variant="borderless" size={phone ? 'small' : 'medium'}>
          <Tabs
            activeKey={activeTab}
            onChange={(key) => setParams((previous) => ({ ...Object.fromEntries(previous), tab: key }), { replace: true })}
            items={shownTabs.map((tab) => {
              const Content = TAB_CONTENT[tab.key];
              return {
                key: tab.key,
                label: (
                  <Flex align="center" gap={6}>
                    {labels.titled(tab)}
                    {tab.count !== null && (
                      <Badge count={tab.count} showZero overflowCount={999} size="small" color={tab.count > 0 ? '#1677ff' : '#bfbfbf'} />
                    )}
                  </Flex>
                ),
                children: <Content customerId={customer.id} />,
              };
            })}
            data-testid="customer-tabs"
          />
        </Card>
      )}
    </Flex>
  );
}
