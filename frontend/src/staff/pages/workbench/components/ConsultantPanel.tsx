/** 咨询: my follow-ups (overdue first, each recordable right here), my customers in the clinic, my deals. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Col, Flex, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatMoney } from '../../../utils/money';
import { ResultDrawer } from '../../followups/components/ResultDrawer';
import { MethodTag, OverdueTag } from '../../followups/components/labels';
import { getFollowUpTask, workbenchKeys, type FollowUpTask, type TaskRow, type Workbench } from '../service';
import { Section, StatTile } from './Figures';
import { CustomerName, RowList, VisitLine } from './Rows';

const TILE = { xs: 8 } as const;

/** 登记结果 from the workbench: the task is read in full, then the follow-up page's own drawer records it. */
function RecordResult({ row }: { row: TaskRow }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [task, setTask] = useState<FollowUpTask | null>(null);
  const load = useMutation({ mutationFn: () => getFollowUpTask(row.id), onSuccess: setTask });
  const close = () => {
    setTask(null);
    void queryClient.invalidateQueries({ queryKey: workbenchKeys.all });
  };
  return (
    <>
      <Button size="small" type="primary" ghost loading={load.isPending} onClick={() => load.mutate()} data-testid="wb-record-result" data-task-id={row.id}>
        {t('pages.workbench.consultant.record')}
      </Button>
      {task && <ResultDrawer task={task} onClose={close} />}
    </>
  );
}

function TaskLine({ row }: { row: TaskRow }) {
  return (
    <Flex justify="space-between" align="center" gap={8} wrap style={{ width: '100%' }}>
      <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
        <Flex gap={6} align="center" wrap>
          <CustomerName customer={row.customer} />
          {row.is_overdue && <OverdueTag days={row.overdue_days} />}
        </Flex>
        <Flex gap={6} align="center" wrap>
          <MethodTag method={row.method} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {/* the rule's name only when it says more than the purpose it gave the task */}
            {[row.due_on, row.purpose, row.rule !== row.purpose ? row.rule : ''].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Flex>
      </Flex>
      <RecordResult row={row} />
    </Flex>
  );
}

export function ConsultantPanel({ panel }: { panel: NonNullable<Workbench['consultant']> }) {
  const { t } = useTranslation();
  const { followups, here_today: here, deals } = panel;
  return (
    <Row gutter={[12, 12]}>
      {followups && (
        <Col xs={24} lg={12}>
          <Section title={t('pages.workbench.consultant.followups')} link={followups.overdue.link} testId="wb-followups">
            <Flex vertical gap={12}>
              <Row gutter={[8, 8]}>
                <Col {...TILE}>
                  <StatTile
                    title={t('pages.workbench.consultant.overdue')}
                    value={followups.overdue.value}
                    link={followups.overdue.link}
                    tone={followups.overdue.value > 0 ? 'danger' : undefined}
                    testId="wb-followups-overdue"
                  />
                </Col>
                <Col {...TILE}>
                  <StatTile title={t('pages.workbench.consultant.dueToday')} value={followups.due_today.value} link={followups.due_today.link} testId="wb-followups-today" />
                </Col>
                <Col {...TILE}>
                  <StatTile title={t('pages.workbench.consultant.doneToday')} value={followups.done_today.value} link={followups.done_today.link} testId="wb-followups-done" />
                </Col>
              </Row>
              <RowList
                rows={followups.rows}
                rowKey={(row) => row.id}
                empty={t('pages.workbench.consultant.followups.empty')}
                testId="wb-tasks"
                render={(row) => <TaskLine row={row} />}
              />
            </Flex>
          </Section>
        </Col>
      )}
      <Col xs={24} lg={12}>
        <Flex vertical gap={12}>
          {deals && (
            <Section title={t('pages.workbench.consultant.deals')} link={deals.month.link} testId="wb-deals">
              <Row gutter={[8, 8]}>
                <Col xs={12}>
                  <StatTile
                    title={t('pages.workbench.consultant.dealsToday')}
                    value={formatMoney(deals.today.amount)}
                    note={t('pages.workbench.orders', { count: deals.today.value })}
                    link={deals.today.link}
                    testId="wb-deals-today"
                  />
                </Col>
                <Col xs={12}>
                  <StatTile
                    title={t('pages.workbench.consultant.dealsMonth')}
                    value={formatMoney(deals.month.amount)}
                    note={t('pages.workbench.orders', { count: deals.month.value })}
                    link={deals.month.link}
                    testId="wb-deals-month"
                  />
                </Col>
              </Row>
            </Section>
          )}
          {here && (
            <Section title={t('pages.workbench.consultant.hereToday', { count: here.total.value })} link={here.total.link} testId="wb-here">
              <RowList
                rows={here.rows}
                rowKey={(row) => row.id}
                empty={t('pages.workbench.consultant.hereToday.empty')}
                testId="wb-here-list"
                render={(row) => <VisitLine visit={row} />}
              />
            </Section>
          )}
        </Flex>
      </Col>
    </Row>
  );
}
