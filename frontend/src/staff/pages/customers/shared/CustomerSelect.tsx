import { useQuery } from '@tanstack/react-query';
import { Flex, Select, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { customerKeys, listCustomers, type CustomerRow } from './service';

const SEARCH_DELAY_MS = 300;
const RESULTS = 20;

interface CustomerSelectProps {
  value?: number | null;
  onChange?: (value: number | null, customer?: CustomerRow) => void;
  /** The chosen customer's name when the form opens (the options are empty until the user searches). */
  initialOption?: { id: number; name: string } | null;
  /** Customers that cannot be chosen (e.g. the file being merged into). */
  excludeIds?: number[];
  placeholder?: string;
  id?: string;
  'data-testid'?: string;
}

function useDebounced(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delay);
    return () => window.clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/** Picks a customer by the same search as the list: name, pinyin, initials, phone, last four, card. */
export function CustomerSelect({ value, onChange, initialOption, excludeIds = [], placeholder, id, ...rest }: CustomerSelectProps) {
  const { t } = useTranslation();
  const [term, setTerm] = useState('');
  const search = useDebounced(term.trim(), SEARCH_DELAY_MS);
  const { data, isFetching } = useQuery({
    queryKey: customerKeys.search(search),
    queryFn: () => listCustomers({ search, page_size: RESULTS }),
    enabled: search.length > 0,
  });
  const rows = (data?.results ?? []).filter((row) => !excludeIds.includes(row.id));
  const options = rows.map((row) => ({
    value: row.id,
    label: `${row.name} ${row.phone}`,
    row,
  }));
  if (value && initialOption && initialOption.id === value && !options.some((option) => option.value === value)) {
    options.unshift({ value, label: initialOption.name, row: undefined as unknown as CustomerRow });
  }

  return (
    <Select<number | null>
      id={id}
      data-testid={rest['data-testid']}
      value={value ?? undefined}
      allowClear
      showSearch={{ filterOption: false, onSearch: setTerm }}
      placeholder={placeholder ?? t('pages.customers.select.placeholder')}
      notFoundContent={
        isFetching ? <Spin size="small" /> : search ? t('pages.customers.select.noMatch') : t('pages.customers.select.hint')
      }
      options={options}
      optionRender={(option) => {
        const row = option.data.row as CustomerRow | undefined;
        if (!row) return option.label;
        return (
          <Flex justify="space-between" gap={8}>
            <span>
              {row.name}
              {row.age !== null && (
                <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                  {t('pages.customers.age', { count: row.age })}
                </Typography.Text>
              )}
            </span>
            <Typography.Text type="secondary">
              {row.phone} · #{row.id}
            </Typography.Text>
          </Flex>
        );
      }}
      onChange={(next, option) => {
        const picked = Array.isArray(option) ? undefined : (option?.row as CustomerRow | undefined);
        onChange?.(next ?? null, picked);
      }}
      style={{ width: '100%' }}
    />
  );
}
