import { useQuery } from '@tanstack/react-query';
import { Flex, Select, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, unwrap, type Schemas } from '@/api/client';

import { appointmentKeys } from '../service';

export type ItemOption = Schemas['ItemList'];

const SEARCH_DELAY_MS = 300;

/** The catalogue's active items, searched by name, pinyin/initials or code (the first page when empty). */
export function searchItems(search: string): Promise<ItemOption[]> {
  return unwrap(api.GET('/api/v1/catalog/items/', { params: { query: { search: search || undefined, is_active: true, page_size: 20 } } })).then(
    (page) => page.results,
  );
}

interface ItemSelectProps {
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** Called with the whole item (its duration sets the line's end), or null when cleared. */
  onPick?: (item: ItemOption | null) => void;
  /** The chosen item's name when the options do not hold it. */
  initialName?: string;
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/** Picks a treatment item from the catalogue, showing its duration. */
export function ItemSelect({ value, onChange, onPick, initialName, placeholder, allowClear = true, id, style, ...rest }: ItemSelectProps) {
  const { t } = useTranslation();
  const [term, setTerm] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setSearch(term.trim()), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [term]);
  const { data = [], isFetching } = useQuery({ queryKey: appointmentKeys.items(search), queryFn: () => searchItems(search), staleTime: 60_000 });
  // While the user is still typing, the last answer is for other words: show none rather than options that
  // change under the pointer.
  const settled = search === term.trim();
  const options = (settled ? data : []).map((item) => ({ value: item.id, label: item.name, item }));
  const missing = Boolean(value) && !options.some((option) => option.value === value);
  // A value set from outside (a re-check's treatment) without its name: ask for it.
  const named = useQuery({
    queryKey: ['catalog', 'item', value ?? 0],
    queryFn: () => unwrap(api.GET('/api/v1/catalog/items/{id}/', { params: { path: { id: value! } } })),
    enabled: missing && !initialName,
    staleTime: 5 * 60_000,
  });
  if (value && missing) {
    options.unshift({ value, label: initialName ?? named.data?.name ?? `#${value}`, item: undefined as unknown as ItemOption });
  }
  return (
    <Select<number | null>
      id={id}
      value={value ?? undefined}
      allowClear={allowClear}
      showSearch={{ filterOption: false, onSearch: setTerm, searchValue: term }}
      placeholder={placeholder ?? t('pages.appointments.booking.item.placeholder')}
      notFoundContent={isFetching || !settled ? <Spin size="small" /> : t('pages.appointments.booking.item.noMatch')}
      options={options}
      optionRender={({ data: row }) => {
        const item = (row as { item?: ItemOption }).item;
        if (!item) return row.label;
        return (
          <Flex justify="space-between" gap={8}>
            <span>{item.name}</span>
            <Typography.Text type="secondary">
              {item.duration_minutes > 0 ? t('pages.appointments.booking.item.minutes', { count: item.duration_minutes }) : item.code}
            </Typography.Text>
          </Flex>
        );
      }}
      onChange={(next, option) => {
        const item = Array.isArray(option) ? undefined : (option as { item?: ItemOption } | undefined)?.item;
        onChange?.(next ?? null);
        onPick?.(next ? (item ?? null) : null);
        setTerm('');
      }}
      style={{ width: '100%', ...style }}
      data-testid={rest['data-testid']}
    />
  );
}
