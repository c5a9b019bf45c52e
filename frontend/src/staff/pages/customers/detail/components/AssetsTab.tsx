import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Empty, Flex, List, Row, Skeleton, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { formatMoney, toCents } from '../../../../utils/money';
import { formatDateTime } from '../../../../utils/time';
import { entitlementTitle, isDeductible } from '../../../treatment/entitlements';
import { getAssets, treatmentKeys, type CustomerCard, type Entitlement } from '../../../treatment/service';
import { TabError } from './TabError';
import type { TabContentProps } from './tabs';

const CARD_STATUS_COLORS: Record<CustomerCard['status'], string> = {
  active: 'success',
  used_up: 'default',
  expired: 'red',
  refunded: 'default',
};

/** 资产: balances (stored value principal and bonus, deposit, debt), sessions left and the cards. */
export function AssetsTab({ customerId }: TabContentProps) {
  const { t } = useTranslation();
  const phone = useLayoutMode() === 'phone';
  const assets = useQuery({ queryKey: treatmentKeys.assets(customerId), queryFn: () => getAssets(customerId) });
  if (assets.isPending) return <Skeleton active paragraph={{ rows: 5 }} />;
  if (assets.isError && !assets.data) return <TabError onRetry={() => void assets.refetch()} />;
  const data = assets.data;

  const expiry = (row: { expires_on: string | null; is_expired: boolean }) =>
    row.expires_on ? (
      <Typography.Text type={row.is_expired ? 'danger' : undefined}>
        {row.is_expired ? t('pages.treatment.entitlement.expired', { date: row.expires_on }) : row.expires_on}
      </Typography.Text>
    ) : (
      <Typography.Text type="secondary">{t('pages.treatment.entitlement.noExpiry')}</Typography.Text>
    );
  const cardKind = (kind: string) =>
    ['count', 'combo', 'choice', 'stored_value'].includes(kind)
      ? t(`pages.customers.sales.cardKind.${kind as 'count' | 'combo' | 'choice' | 'stored_value'}`)
      : kind;

  const entitlementColumns: TableColumnsType<Entitlement> = [
    { title: t('pages.treatment.field.item'), key: 'item', render: (_, row) => entitlementTitle(row) },
    { title: t('pages.customers.sales.card'), key: 'card', render: (_, row) => (row.is_choice ? t('pages.treatment.entitlement.choice') : row.card_name) },
    {
      title: t('pages.treatment.field.remaining'),
      key: 'remaining',
      align: 'right',
      render: (_, row) => (
        <span data-testid={`asset-entitlement-${row.id}`}>
          {row.sessions_remaining} / {row.sessions_total}
        </span>
      ),
    },
    { title: t('pages.customers.sales.valueLeft'), key: 'value', align: 'right', render: (_, row) => formatMoney(row.value_remaining_amount) },
    { title: t('pages.customers.sales.expires'), key: 'expires', render: (_, row) => expiry(row) },
  ];
  const cardColumns: TableColumnsType<CustomerCard> = [
    { title: t('pages.customers.sales.card'), dataIndex: 'name', key: 'name' },
    { title: t('pages.customers.sales.cardKindLabel'), key: 'kind', render: (_, card) => cardKind(card.kind) },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, card) => <Tag color={CARD_STATUS_COLORS[card.status]}>{t(`pages.customers.sales.cardStatus.${card.status}`)}</Tag>,
    },
    {
      title: t('pages.customers.sales.balance'),
      key: 'balance',
      align: 'right',
      render: (_, card) =>
        card.kind === 'stored_value'
          ? t('pages.customers.sales.balanceSplit', {
              principal: formatMoney(card.principal_balance_amount),
              bonus: formatMoney(card.bonus_balance_amount),
            })
          : '',
    },
    { title: t('pages.customers.sales.price'), key: 'price', align: 'right', render: (_, card) => formatMoney(card.price_amount) },
    { title: t('pages.customers.sales.expires'), key: 'expires', render: (_, card) => expiry(card) },
    { title: t('pages.customers.sales.boughtAt'), key: 'created', render: (_, card) => formatDateTime(card.created_at, 'YYYY-MM-DD') },
  ];
  const figure = (title: string, value: string, testId: string, danger = false) => (
    <Col xs={12} md={6}>
      <Card size="small" variant="borderless" style={{ background: '#fafafa' }}>
        <Statistic
          title={title}
          value={value}
          styles={{ content: { fontSize: phone ? 16 : 20, color: danger ? '#cf1322' : undefined } }}
          data-testid={testId}
        />
      </Card>
    </Col>
  );
  const hasDebt = (toCents(data.debt_amount) ?? 0) > 0;

  return (
    <Flex vertical gap={16} data-testid="customer-assets">
      <Row gutter={[8, 8]}>
        {figure(t('pages.customers.sales.storedValue'), formatMoney(data.stored_value_amount), 'asset-stored-value')}
        {figure(t('pages.customers.sales.sessions'), String(data.remaining_sessions), 'asset-sessions')}
        {figure(t('pages.customers.sales.deposit'), formatMoney(data.deposit_amount), 'asset-deposit')}
        {figure(t('pages.customers.sales.debtTotal'), formatMoney(data.debt_amount), 'asset-debt', hasDebt)}
      </Row>
      <Descriptions size="small" column={phone ? 1 : 2}>
        <Descriptions.Item label={t('pages.customers.sales.principal')}>{formatMoney(data.principal_balance_amount)}</Descriptions.Item>
        <Descriptions.Item label={t('pages.customers.sales.bonus')}>{formatMoney(data.bonus_balance_amount)}</Descriptions.Item>
      </Descriptions>
      {hasDebt && (
        <Flex vertical gap={4}>
          <Typography.Text strong>{t('pages.customers.sales.debts')}</Typography.Text>
          <List
            size="small"
            dataSource={data.debts}
            renderItem={(debt) => (
              <List.Item>
                <span>
                  {debt.number} · {formatDateTime(debt.created_at, 'YYYY-MM-DD')}
                </span>
                <Typography.Text type="danger">{formatMoney(debt.debt_amount)}</Typography.Text>
              </List.Item>
            )}
          />
        </Flex>
      )}
      <Flex vertical gap={8}>
        <Typography.Text strong>{t('pages.customers.sales.entitlements')}</Typography.Text>
        {data.entitlements.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.treatment.deduct.noEntitlements')} />
        ) : phone ? (
          <Flex vertical gap={8}>
            {data.entitlements.map((row) => (
              <Card key={row.id} size="small" style={{ opacity: isDeductible(row) ? 1 : 0.55 }}>
                <Flex justify="space-between" gap={8}>
                  <Flex vertical>
                    <Typography.Text strong>{entitlementTitle(row)}</Typography.Text>
                    {row.card_name && !row.is_choice && <Typography.Text type="secondary">{row.card_name}</Typography.Text>}
                    {expiry(row)}
                  </Flex>
                  <Typography.Text strong style={{ fontSize: 18 }} data-testid={`asset-entitlement-${row.id}`}>
                    {row.sessions_remaining} / {row.sessions_total}
                  </Typography.Text>
                </Flex>
              </Card>
            ))}
          </Flex>
        ) : (
          <Table<Entitlement>
            rowKey="id"
            size="small"
            columns={entitlementColumns}
            dataSource={data.entitlements}
            pagination={false}
            scroll={{ x: 'max-content' }}
            onRow={(row) => ({ style: isDeductible(row) ? undefined : { opacity: 0.55 } })}
            data-testid="asset-entitlements"
          />
        )}
      </Flex>
      <Flex vertical gap={8}>
        <Typography.Text strong>{t('pages.customers.sales.cards')}</Typography.Text>
        {data.cards.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />
        ) : (
          <Table<CustomerCard>
            rowKey="id"
            size="small"
            columns={phone ? cardColumns.filter((column) => ['name', 'status', 'balance', 'expires'].includes(String(column.key))) : cardColumns}
            dataSource={data.cards}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="asset-cards"
          />
        )}
        {data.closed_cards_count > 0 && (
          <Typography.Text type="secondary" data-testid="asset-closed-cards">
            {t('pages.customers.sales.closedCards', { count: data.closed_cards_count })}
          </Typography.Text>
        )}
      </Flex>
    </Flex>
  );
}
