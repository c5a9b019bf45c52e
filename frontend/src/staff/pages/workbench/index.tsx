/**
 * 工作台: the page staff land on. The views the user's roles open (前台, 咨询, 医护, 收银, 科室概况), as tabs when
 * there are several (`?view=` keeps the choice); figures open the lists behind them; the data refreshes itself
 * every minute and when the window gets focus. Staff with no working role see their account card.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Skeleton, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { useLayoutMode } from '../../layouts/useLayoutMode';
import { useMe } from '../../session/useMe';
import { formatDateTime } from '../../utils/time';
import HomePage from '../home';
import { CashierPanel } from './components/CashierPanel';
import { ClinicianPanel } from './components/ClinicianPanel';
import { ConsultantPanel } from './components/ConsultantPanel';
import { DirectorPanel } from './components/DirectorPanel';
import { ReceptionPanel } from './components/ReceptionPanel';
import { isWorkbenchView, useWorkbench, type Workbench, type WorkbenchView } from './service';

function Panel({ data, view }: { data: Workbench; view: WorkbenchView }) {
  if (!data[view]) return <Skeleton active paragraph={{ rows: 6 }} />;
  switch (view) {
    case 'reception':
      return data.reception && <ReceptionPanel panel={data.reception} />;
    case 'consultant':
      return data.consultant && <ConsultantPanel panel={data.consultant} />;
    case 'clinician':
      return data.clinician && <ClinicianPanel panel={data.clinician} />;
    case 'cashier':
      return data.cashier && <CashierPanel panel={data.cashier} />;
    case 'director':
      return data.director && <DirectorPanel panel={data.director} />;
  }
}

export default function WorkbenchPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const phone = useLayoutMode() === 'phone';
  const [params, setParams] = useSearchParams();
  const asked = params.get('view');
  const workbench = useWorkbench(isWorkbenchView(asked) ? asked : undefined);
  const data = workbench.data;

  if (!me) return null;
  if (data && data.views.length === 0) return <HomePage />;

  const views = data?.views ?? [];
  const active: WorkbenchView | undefined =
    views.find((v) => v.code === asked)?.code ?? (data ? (views[0]?.code ?? undefined) : undefined);
  const choose = (view: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('view', view);
        return next;
      },
      { replace: true },
    );

  const header = (
    <Card variant="borderless" size="small" data-testid="welcome-card" styles={{ body: { padding: phone ? 12 : 16 } }}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Flex vertical gap={2}>
          <Typography.Title level={phone ? 5 : 4} style={{ margin: 0 }}>
            {t('pages.workbench.greeting', { name: me.name })}
          </Typography.Title>
          <Typography.Text type="secondary">
            {data ? t('pages.workbench.today', { date: dayjs(data.date).format('YYYY-MM-DD dddd') }) : ' '}
          </Typography.Text>
        </Flex>
        <Flex align="center" gap={8}>
          {data && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="wb-updated">
              {t('pages.workbench.updated', { time: formatDateTime(data.generated_at, 'HH:mm:ss') })}
            </Typography.Text>
          )}
          <Button
            icon={<ReloadOutlined spin={workbench.isFetching} />}
            onClick={() => void workbench.refetch()}
            aria-label={t('pages.workbench.refresh')}
            data-testid="wb-refresh"
          >
            {phone ? null : t('pages.workbench.refresh')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );

  return (
    <Flex vertical gap={phone ? 8 : 12} data-testid="workbench">
      {header}
      {workbench.isError && !data && <Alert type="error" showIcon title={t('pages.workbench.loadFailed')} />}
      {!data && workbench.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
      {data && active && views.length > 1 && (
        <Tabs
          activeKey={active}
          onChange={choose}
          items={views.map((v) => ({ key: v.code, label: t(`pages.workbench.view.${v.code}`) }))}
          size={phone ? 'small' : 'middle'}
          style={{ marginBottom: -8 }}
          data-testid="wb-tabs"
        />
      )}
      {data && active && <Panel data={data} view={active} />}
    </Flex>
  );
}
