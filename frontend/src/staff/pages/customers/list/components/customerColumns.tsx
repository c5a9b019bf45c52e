import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { Flex, Tag, Tooltip, Typography, type TableColumnType } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

import { formatDateTime } from '../../../../utils/time';
import { useCustomerLabels } from '../../shared/labels';
import { listReturnState } from '../../shared/listReturn';
import type { CustomerRow } from '../../shared/service';
import { TagList } from '../../shared/TagList';
import type { CustomerColumn } from '../columns';
import type { SortField } from '../filters';

type Column = TableColumnType<CustomerRow>;

const SORT_FIELDS: Partial<Record<CustomerColumn, SortField>> = {
  name: 'name_pinyin',
  visit_count: 'visit_count',
  first_visit_on: 'first_visit_on',
  last_visit_on: 'last_visit_on',
  created_at: 'created_at',
};

/** The API field a column sorts by, for the table's sort events. */
export function sortFieldOf(column: string | undefined): SortField | undefined {
  return column ? SORT_FIELDS[column as CustomerColumn] : undefined;
}

function sortOrderOf(key: CustomerColumn, ordering: string | undefined): SortOrder {
  const field = SORT_FIELDS[key];
  if (!field || !ordering) return null;
  if (ordering === field) return 'ascend';
  if (ordering === `-${field}`) return 'descend';
  return null;
}

function ConsentMark({ granted, label }: { granted: boolean; label: string }) {
  return (
    <Tooltip title={label}>
      <Typography.Text type={granted ? 'success' : 'secondary'} style={{ whiteSpace: 'nowrap' }}>
        {granted ? <CheckCircleFilled /> : <MinusCircleOutlined />} {label}
      </Typography.Text>
    </Tooltip>
  );
}

/** Every column the list can show, by key; the user's settings choose and order them. */
export function useCustomerColumns(ordering: string | undefined): Record<CustomerColumn, Column> {
  const { t } = useTranslation();
  const labels = useCustomerLabels();
  const { search } = useLocation();
  const none = <Typography.Text type="secondary">{t('pages.customers.detail.noConsultant')}</Typography.Text>;
  const day = (value: string | null) => value ?? '';

  const columns: Record<CustomerColumn, Column> = {
    name: {
      title: t('pages.customers.field.name'),
      render: (_, row) => (
        <Link to={`/customers/${row.id}`} state={listReturnState(search)} data-testid={`customer-link-${row.id}`}>
          <Typography.Text strong style={{ color: 'inherit' }}>
            {row.name}
          </Typography.Text>
        </Link>
      ),
    },
    gender_age: {
      title: t('pages.customers.field.genderAge'),
      render: (_, row) => labels.genderAge(row.gender, row.age),
    },
    phone: { title: t('pages.customers.field.phone'), dataIndex: 'phone' },
    source: { title: t('pages.customers.field.source'), render: (_, row) => row.source?.name },
    consultant: { title: t('pages.customers.field.consultant'), render: (_, row) => row.consultant?.name ?? none },
    online_consultant: { title: t('pages.customers.field.onlineConsultant'), render: (_, row) => row.online_consultant?.name },
    tier: {
      title: t('pages.customers.field.tier'),
      render: (_, row) => row.tier && <Tag color="gold">{row.tier.name}</Tag>,
    },
    tags: { title: t('pages.customers.field.tags'), render: (_, row) => <TagList tags={row.tags} max={3} /> },
    card_number: { title: t('pages.customers.field.cardNumber'), dataIndex: 'card_number' },
    visit_count: { title: t('pages.customers.field.visitCount'), dataIndex: 'visit_count', align: 'right' },
    first_visit_on: { title: t('pages.customers.field.firstVisit'), render: (_, row) => day(row.first_visit_on) },
    last_visit_on: { title: t('pages.customers.field.lastVisit'), render: (_, row) => day(row.last_visit_on) },
    consents: {
      title: t('pages.customers.list.columns.consents'),
      render: (_, row) => (
        <Flex gap={8}>
          <ConsentMark granted={row.marketing_consent} label={labels.consentKind('marketing')} />
          <ConsentMark granted={row.photo_consent} label={labels.consentKind('case_photos')} />
        </Flex>
      ),
    },
    created_at: { title: t('pages.customers.field.createdAt'), render: (_, row) => formatDateTime(row.created_at, 'YYYY-MM-DD') },
  };

  for (const [key, column] of Object.entries(columns) as [CustomerColumn, Column][]) {
    column.key = key;
    if (SORT_FIELDS[key]) {
      column.sorter = true;
      column.sortOrder = sortOrderOf(key, ordering);
      column.sortDirections = ['descend', 'ascend'];
    }
  }
  return columns;
}
