import { useQuery } from '@tanstack/react-query';
import { Flex, Select, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatMoney } from '../../../../../utils/money';
import { useLineKindLabel } from '../../../components/labels';
import { salesKeys, searchCatalog, type CatalogOption } from '../../../service';

const KIND_COLORS = { item: 'blue', product: 'cyan', card: 'purple' } as const;

/** Adds a line: searches active items, products and cards by name, pinyin/initials or code. */
export function CatalogPicker({ onPick }: { onPick: (option: CatalogOption) => void }) {
  const { t } = useTranslation();
  const kindLabel = useLineKindLabel();
  const [term, setTerm] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setSearch(term.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [term]);
  const { data = [], isFetching } = useQuery({
    queryKey: salesKeys.catalog('all', search),
    queryFn: () => searchCatalog(search),
    enabled: search.length > 0,
  });
  const options = data.map((option) => ({ value: `${option.kind}:${option.id}`, label: option.name, option }));

  return (
    <Select<string | null>
      value={null}
      showSearch={{ filterOption: false, onSearch: setTerm, searchValue: term }}
      placeholder={t('pages.sales.order.catalog.placeholder')}
      notFoundContent={isFetching ? <Spin size="small" /> : search ? t('pages.sales.order.catalog.noMatch') : t('pages.sales.order.catalog.hint')}
      options={options}
      optionRender={({ data: row }) => {
        const option = (row as { option: CatalogOption }).option;
        return (
          <Flex justify="space-between" gap={8} wrap>
            <span>
              <Tag color={KIND_COLORS[option.kind]}>{kindLabel(option.kind)}</Tag>
              {option.name}
              <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                {option.code}
              </Typography.Text>
            </span>
            <Typography.Text>{formatMoney(option.price_amount)}</Typography.Text>
          </Flex>
        );
      }}
      onChange={(_value, picked) => {
        const option = Array.isArray(picked) ? undefined : (picked as { option?: CatalogOption } | undefined)?.option;
        if (option) onPick(option);
        setTerm('');
      }}
      style={{ width: '100%' }}
      size="large"
      data-testid="order-catalog"
    />
  );
}
