import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Empty, Flex, Input, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ActiveTag } from '../../../components/ActiveTag';
import { CreateButton, RowActions } from '../../../components/CrudButtons';
import { PageContainer } from '../../../components/PageContainer';
import { useDeleteMutation } from '../../../hooks/useCrudMutations';
import { useAccess } from '../../../session/useMe';
import { FIRST_PAGE, serverPagination, type PageState } from '../../../utils/pagination';
import { CARD_KIND_COLORS, useCatalogLabels } from '../shared/labels';
import { LoadError } from '../shared/LoadError';
import { formatYuan } from '../shared/money';
import { CARD_KINDS, catalogKeys, deleteCard, listCards, type CardKind, type CardType, type ListQuery } from '../service';
import { CardEditorModal } from './components/CardEditorModal';

/** 卡项: count, combo, N-choose-M and stored-value cards. */
export default function CatalogCardsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useCatalogLabels();
  const editable = access.canManageCardType;
  const [kind, setKind] = useState<CardKind | 'all'>('all');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState<PageState>(FIRST_PAGE);
  const [editing, setEditing] = useState<{ card?: CardType } | null>(null);
  const query: ListQuery = { ...page, search: search || undefined, kind: kind === 'all' ? undefined : [kind] };
  const cards = useQuery({ queryKey: catalogKeys.cards(query), queryFn: () => listCards(query), placeholderData: keepPreviousData });
  const remove = useDeleteMutation(deleteCard, catalogKeys.all);

  const contents = (card: CardType) => {
    if (card.kind === 'stored_value') {
      return t('pages.catalog.cards.storedValueText', {
        principal: formatYuan(card.principal_amount, { compact: true }),
        bonus: formatYuan(card.bonus_amount, { compact: true }),
      });
    }
    const items = card.card_items.map((row) =>
      row.sessions ? t('pages.catalog.cards.itemTimes', { name: row.item_name, count: row.sessions }) : row.item_name,
    );
    if (card.kind === 'choice') {
      return t('pages.catalog.cards.choiceText', {
        n: card.card_items.length,
        m: card.choose_count ?? 0,
        items: items.join('、'),
        repeat: card.allow_repeat ? t('pages.catalog.cards.repeatAllowed') : t('pages.catalog.cards.repeatNotAllowed'),
      });
    }
    return items.join(' + ');
  };

  const validity = (card: CardType) =>
    card.validity_days
      ? t('pages.catalog.cards.validForDays', { count: card.validity_days })
      : card.valid_until
        ? t('pages.catalog.cards.validUntilDate', { date: card.valid_until })
        : t('pages.catalog.cards.validity.none');

  const columns: TableColumnsType<CardType> = [
    { title: t('pages.catalog.cards.code'), dataIndex: 'code', key: 'code' },
    { title: t('pages.catalog.cards.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('pages.catalog.cards.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (value: CardKind) => <Tag color={CARD_KIND_COLORS[value]}>{labels.cardKind(value)}</Tag>,
    },
    {
      title: t('pages.catalog.cards.contents'),
      key: 'contents',
      render: (_, card) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: contents(card) }} style={{ margin: 0, maxWidth: 360 }}>
          {contents(card)}
        </Typography.Paragraph>
      ),
    },
    { title: t('pages.catalog.cards.price'), dataIndex: 'price_amount', key: 'price', align: 'right', render: (v: string) => formatYuan(v) },
    { title: t('pages.catalog.cards.validity'), key: 'validity', render: (_, card) => validity(card) },
    { title: t('pages.catalog.cards.refundRule'), dataIndex: 'refund_rule', key: 'refund', render: (rule: string) => labels.refundRule(rule) },
    { title: t('common.status'), dataIndex: 'is_active', key: 'is_active', render: (active: boolean) => <ActiveTag active={active} /> },
  ];
  if (editable) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, card) => (
        <RowActions
          onEdit={() => setEditing({ card })}
          onDelete={() => remove.mutate(card.id)}
          deleteConfirm={t('pages.catalog.cards.delete.confirm', { name: card.name })}
          deleteHint={t('pages.catalog.deleteHint')}
        />
      ),
    });
  }

  return (
    <PageContainer
      title={t('menu.catalog.cards')}
      extra={editable && <CreateButton onClick={() => setEditing({})}>{t('pages.catalog.cards.create')}</CreateButton>}
    >
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <Input.Search
            allowClear
            placeholder={t('pages.catalog.cards.search')}
            onSearch={(value) => {
              setSearch(value.trim());
              setPage(FIRST_PAGE);
            }}
            style={{ width: 260, maxWidth: '100%' }}
          />
          <Segmented<CardKind | 'all'>
            value={kind}
            onChange={(value) => {
              setKind(value);
              setPage(FIRST_PAGE);
            }}
            options={[
              { value: 'all', label: t('pages.catalog.filter.all') },
              ...CARD_KINDS.map((value) => ({ value, label: labels.cardKind(value) })),
            ]}
            style={{ maxWidth: '100%', overflowX: 'auto' }}
          />
        </Flex>
        {cards.error ? (
          <LoadError error={cards.error} onRetry={() => void cards.refetch()} />
        ) : (
          <Table<CardType>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={cards.data?.results ?? []}
            loading={cards.isFetching}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('pages.catalog.cards.empty')} /> }}
            pagination={serverPagination(page, cards.data?.count ?? 0, setPage, t)}
          />
        )}
      </Flex>
      {editing && <CardEditorModal card={editing.card} onClose={() => setEditing(null)} />}
    </PageContainer>
  );
}
