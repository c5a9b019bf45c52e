import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Result, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';

import { RowActions } from '../../../components/CrudButtons';
import { PageContainer } from '../../../components/PageContainer';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { useFollowupLabels } from '../components/labels';
import { deleteResourceRule, followupKeys, listResourceRules, updateResourceRule } from '../service';
import type { ResourceRule } from '../types';
import { ActionLog } from './components/ActionLog';
import { ResourceRuleModal } from './components/ResourceRuleModal';

/** What the rule does, in a few words: "释放到 咨询一组" / "标记客户" / "创建回访任务". */
function ActionSummary({ rule }: { rule: ResourceRule }) {
  const { t } = useTranslation();
  const labels = useFollowupLabels();
  if (rule.action === 'flag' && rule.flag_tag) return <Tag color="orange">{t('pages.followups.resources.flagSummary', { tag: rule.flag_tag.name })}</Tag>;
  if (rule.action !== 'release') return <Tag>{labels.resourceAction(rule.action)}</Tag>;
  const to = rule.release_to?.name ?? rule.release_to_pool?.name ?? '—';
  return <Tag color="red">{t('pages.followups.resources.releaseSummary', { to })}</Tag>;
}

/** 客户资源优化: the rules that keep customers from lying idle with one consultant, and what they did. */
export default function ResourcesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const labels = useFollowupLabels();
  const phone = useLayoutMode() === 'phone';
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<ResourceRule | 'new' | null>(null);
  const [params, setParams] = useSearchParams();
  const rules = useQuery({ queryKey: followupKeys.resourceRules, queryFn: listResourceRules });
  const canChange = access.canChangeResourceRule;

  const toggle = useMutation({
    mutationFn: (rule: ResourceRule) => updateResourceRule(rule.id, { enabled: !rule.enabled }),
    onSuccess: async (saved) => {
      void message.success(t(saved.enabled ? 'pages.followups.rules.enabled' : 'pages.followups.rules.disabled', { name: saved.name }));
      await queryClient.invalidateQueries({ queryKey: followupKeys.resourceRules });
    },
  });
  const remove = useMutation({
    mutationFn: (rule: ResourceRule) => deleteResourceRule(rule.id),
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      await queryClient.invalidateQueries({ queryKey: followupKeys.resourceRules });
    },
  });

  const enabledSwitch = (rule: ResourceRule) => (
    <Switch
      checked={rule.enabled}
      disabled={!canChange}
      loading={toggle.isPending && toggle.variables?.id === rule.id}
      onChange={() => toggle.mutate(rule)}
      size="small"
      data-testid={`resource-switch-${rule.id}`}
    />
  );
  const actions = (rule: ResourceRule) =>
    canChange && (
      <RowActions
        onEdit={() => setEditing(rule)}
        onDelete={() => remove.mutate(rule)}
        deleteConfirm={t('pages.followups.resources.delete.confirm', { name: rule.name })}
        deleteHint={t('pages.followups.resources.delete.hint')}
      />
    );
  const condition = (rule: ResourceRule) => t(`pages.followups.resources.condition.${rule.kind}`, { days: rule.days });

  const ruleRows = rules.data ?? [];
  let ruleBody: React.ReactNode;
  if (rules.isError && !rules.data) {
    ruleBody = <Result status="error" title={t('pages.followups.loadFailed')} extra={<Button onClick={() => void rules.refetch()}>{t('common.retry')}</Button>} />;
  } else if (phone) {
    ruleBody = (
      <Flex vertical gap={8} data-testid="resource-rules">
        {ruleRows.length === 0 && !rules.isPending && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.followups.resources.empty')} />}
        {ruleRows.map((rule) => (
          <Card key={rule.id} size="small" title={rule.name} extra={enabledSwitch(rule)}>
            <Flex vertical gap={6}>
              <Typography.Text>{condition(rule)}</Typography.Text>
              <Flex justify="space-between" align="center">
                <ActionSummary rule={rule} />
                {actions(rule)}
              </Flex>
            </Flex>
          </Card>
        ))}
      </Flex>
    );
  } else {
    ruleBody = (
      <Table<ResourceRule>
        rowKey="id"
        size="middle"
        loading={rules.isFetching}
        dataSource={ruleRows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.followups.resources.empty')} /> }}
        data-testid="resource-rules"
        columns={[
          { title: t('pages.followups.resources.name'), dataIndex: 'name' },
          { title: t('pages.followups.resources.kind'), render: (_, rule) => labels.resourceKind(rule.kind) },
          { title: t('pages.followups.resources.condition'), render: (_, rule) => condition(rule) },
          { title: t('pages.followups.resources.action'), render: (_, rule) => <ActionSummary rule={rule} /> },
          { title: t('common.status'), render: (_, rule) => enabledSwitch(rule) },
          ...(canChange ? [{ title: t('common.actions'), fixed: 'right' as const, render: (_: unknown, rule: ResourceRule) => actions(rule) }] : []),
        ]}
      />
    );
  }

  return (
    <PageContainer
      title={t('menu.followups.resources')}
      extra={
        canChange && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="resource-create">
            {t('pages.followups.resources.rule.create')}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={params.get('tab') === 'log' && access.canViewResourceAction ? 'log' : 'rules'}
        onChange={(key) => setParams(key === 'log' ? { tab: 'log' } : {}, { replace: true })}
        items={[
          {
            key: 'rules',
            label: t('pages.followups.resources.tab.rules'),
            children: (
              <Flex vertical gap={12}>
                <Typography.Text type="secondary">{t('pages.followups.resources.intro')}</Typography.Text>
                {ruleBody}
              </Flex>
            ),
          },
          ...(access.canViewResourceAction
            ? [{ key: 'log', label: t('pages.followups.resources.tab.log'), children: <ActionLog rules={ruleRows} /> }]
            : []),
        ]}
      />
      {editing && <ResourceRuleModal rule={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </PageContainer>
  );
}
