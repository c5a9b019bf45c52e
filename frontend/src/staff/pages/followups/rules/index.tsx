import { ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Empty, List, Result, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';

import { PageContainer } from '../../../components/PageContainer';
import { RULE_KINDS, useFollowupLabels } from '../components/labels';
import { followupKeys, runRules, useRules } from '../service';
import { RuleCard } from './components/RuleCard';

/** 自动回访规则: the five rules, each with its switch and settings, and "立即运行". */
export default function FollowupRulesPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const labels = useFollowupLabels();
  const queryClient = useQueryClient();
  const rules = useRules();
  const ordered = [...(rules.data ?? [])].sort((a, b) => RULE_KINDS.indexOf(a.kind) - RULE_KINDS.indexOf(b.kind));

  const run = useMutation({
    mutationFn: runRules,
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: followupKeys.all });
      const created = RULE_KINDS.reduce((sum, kind) => sum + (result.rules[kind] ?? 0), 0);
      const resourceActions = Object.values(result.resource_rules).reduce((sum, count) => sum + count, 0);
      const lines = [
        ...RULE_KINDS.map((kind) => ({ key: kind, label: labels.ruleKind(kind), value: t('pages.followups.rules.run.count', { count: result.rules[kind] ?? 0 }) })),
        { key: 'care', label: t('pages.followups.rules.run.care'), value: String(result.care) },
        { key: 'cancelled', label: t('pages.followups.rules.run.cancelled'), value: String(result.cancelled) },
        { key: 'resources', label: t('pages.followups.rules.run.resources'), value: String(resourceActions) },
      ];
      modal.success({
        title: t('pages.followups.rules.run.done', { count: created }),
        content: (
          <List
            size="small"
            dataSource={lines}
            renderItem={(line) => <List.Item extra={line.value}>{line.label}</List.Item>}
            data-testid="rules-run-result"
          />
        ),
        okText: t('common.confirm'),
      });
    },
  });

  let body: React.ReactNode;
  if (rules.isPending) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (rules.isError) body = <Result status="error" title={t('pages.followups.loadFailed')} extra={<Button onClick={() => void rules.refetch()}>{t('common.retry')}</Button>} />;
  else if (ordered.length === 0) body = <Empty description={t('pages.followups.rules.empty')} />;
  else
    body = (
      <Row gutter={[16, 16]}>
        {ordered.map((rule) => (
          <Col key={rule.id} xs={24} lg={12} xxl={8}>
            <RuleCard rule={rule} />
          </Col>
        ))}
      </Row>
    );

  return (
    <PageContainer
      title={t('menu.followups.rules')}
      extra={
        <Button icon={<ThunderboltOutlined />} loading={run.isPending} onClick={() => run.mutate()} data-testid="rules-run">
          {t('pages.followups.rules.run')}
        </Button>
      }
    >
      {body}
    </PageContainer>
  );
}
