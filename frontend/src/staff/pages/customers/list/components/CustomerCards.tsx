import { RightOutlined, UserOutlined } from '@ant-design/icons';
import { Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

import { useCustomerLabels } from '../../shared/labels';
import { listReturnState } from '../../shared/listReturn';
import type { CustomerRow } from '../../shared/service';
import { TagList } from '../../shared/TagList';

/** The list on a phone: one tappable card per customer with what a consultant checks first. */
export function CustomerCards({ rows }: { rows: CustomerRow[] }) {
  const { t } = useTranslation();
  const labels = useCustomerLabels();
  const { search } = useLocation();
  return (
    <Flex vertical gap={8} data-testid="customer-cards">
      {rows.map((row) => (
        <Link key={row.id} to={`/customers/${row.id}`} state={listReturnState(search)} data-testid={`customer-link-${row.id}`} style={{ color: 'inherit' }}>
          <Card size="small" hoverable>
            <Flex justify="space-between" align="center" gap={8}>
              <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
                <Flex align="baseline" gap={8} wrap>
                  <Typography.Text strong style={{ fontSize: 16 }}>
                    {row.name}
                  </Typography.Text>
                  <Typography.Text type="secondary">{labels.genderAge(row.gender, row.age)}</Typography.Text>
                  {row.tier && <Tag color="gold">{row.tier.name}</Tag>}
                </Flex>
                <Flex gap={12} wrap>
                  <Typography.Text>{row.phone}</Typography.Text>
                  <Typography.Text type="secondary" title={t('pages.customers.field.consultant')}>
                    <UserOutlined /> {row.consultant?.name ?? t('pages.customers.detail.noConsultant')}
                  </Typography.Text>
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {row.last_visit_on ? t('pages.customers.list.lastVisitShort', { date: row.last_visit_on }) : t('pages.customers.list.neverVisited')}
                  {row.source ? ` · ${row.source.name}` : ''}
                </Typography.Text>
                <TagList tags={row.tags} max={4} />
              </Flex>
              <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
            </Flex>
          </Card>
        </Link>
      ))}
    </Flex>
  );
}
