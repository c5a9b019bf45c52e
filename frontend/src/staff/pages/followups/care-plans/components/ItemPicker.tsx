import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { followupKeys, searchItems } from '../../service';

const SEARCH_DELAY_MS = 300;

interface ItemPickerProps {
  value?: number | null;
  onChange?: (value: number | null, name?: string) => void;
  initialName?: string;
  disabled?: boolean;
  id?: string;
}

/** Picks a treatment item of the catalogue by name, pinyin/initials or code. */
export function ItemPicker({ value, onChange, initialName, disabled, id }: ItemPickerProps) {
  const { t } = useTranslation();
  const [term, setTerm] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setSearch(term.trim()), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [term]);
  const items = useQuery({ queryKey: followupKeys.items(search), queryFn: () => searchItems(search), staleTime: 60_000, enabled: !disabled });
  const options = (items.data ?? []).map((item) => ({ value: item.id, label: item.name }));
  if (value && !options.some((option) => option.value === value)) options.unshift({ value, label: initialName ?? `#${value}` });
  return (
    <Select<number | null>
      id={id}
      value={value ?? undefined}
      disabled={disabled}
      showSearch={{ filterOption: false, onSearch: setTerm, searchValue: term }}
      placeholder={t('pages.followups.care.item.placeholder')}
      notFoundContent={items.isFetching ? <Spin size="small" /> : t('pages.followups.care.item.noMatch')}
      options={options}
      onChange={(next, option) => {
        onChange?.(next ?? null, Array.isArray(option) ? undefined : (option?.label as string | undefined));
        setTerm('');
      }}
      style={{ width: '100%' }}
      data-testid="care-item"
    />
  );
}
