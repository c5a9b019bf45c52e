import { RightOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Input, List, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useAccess } from '../../../../session/useMe';
import { useCustomerLabels } from '../../../customers/shared/labels';
import { customerKeys, listCustomers } from '../../../customers/shared/service';
import type { ChosenCustomer } from './chosenCustomer';

const SEARCH_DELAY_MS = 300;
const RESULTS = 8;

function useDebounced(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delay);
    return () => window.clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

interface CustomerPickerProps {
  onPick: (customer: ChosenCustomer) => void;
  /** Opens the quick form, with what was typed (a name or a phone number) filled in. */
  onCreate: (typed: string) => void;
}

/**
 * Finds a customer as the receptionist types: name, full pinyin, initials, phone or its last four digits.
 * Results are large rows to tap on an iPad rather than a dropdown.
 */
export function CustomerPicker({ onPick, onCreate }: CustomerPickerProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useCustomerLabels();
  const [term, setTerm] = useState('');
  const search = useDebounced(term.trim(), SEARCH_DELAY_MS);
  const { data, isFetching } = useQuery({
    queryKey: customerKeys.search(search),
    queryFn: () => listCustomers({ search, page_size: RESULTS }),
    enabled: search.length > 0,
    placeholderData: keepPreviousData,
  });
  const rows = search ? (data?.results ?? []) : [];

  return (
    <Flex vertical gap={12}>
      <Input
        size="large"
        autoFocus
        allowClear
        prefix={<SearchOutlined />}
        suffix={isFetching ? <Spin size="small" /> : null}
        placeholder={t('pages.reception.checkIn.search')}
        value={term}
        onChange={(event) => setTerm(event.target.value)}
        data-testid="checkin-search"
      />
      {search && !isFetching && rows.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.reception.checkIn.noMatch', { term: search })} />
      )}
      {rows.length > 0 && (
        <List
          bordered
          size="small"
          dataSource={rows}
          renderItem={(row) => (
            <List.Item
              onClick={() => onPick(row)}
              style={{ cursor: 'pointer', minHeight: 56 }}
              data-testid={`checkin-result-${row.id}`}
            >
              <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
                <span>
                  <Typography.Text strong>{row.name}</Typography.Text>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                    {labels.genderAge(row.gender, row.age)}
                  </Typography.Text>
                </span>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {[
                    row.phone,
                    row.consultant && t('pages.reception.checkIn.consultant', { name: row.consultant.name }),
                    row.last_visit_on
                      ? t('pages.reception.checkIn.lastVisit', { date: row.last_visit_on })
                      : t('pages.reception.checkIn.neverVisited'),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
              </Flex>
              <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
            </List.Item>
          )}
        />
      )}
      {!search && (
        <Typography.Text type="secondary">{t('pages.reception.checkIn.searchHint')}</Typography.Text>
      )}
      {access.canAddCustomer && (
        <Button icon={<UserAddOutlined />} onClick={() => onCreate(search)} block data-testid="checkin-new-customer">
          {t('pages.reception.checkIn.newCustomer')}
        </Button>
      )}
    </Flex>
  );
}
