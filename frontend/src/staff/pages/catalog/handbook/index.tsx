import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Flex, Grid, Input, Row, Skeleton, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { ITEM_KIND_COLORS } from '../shared/labels';
import { LoadError } from '../shared/LoadError';
import { formatYuan } from '../shared/money';
import { catalogKeys, getHandbook, type HandbookIndex } from '../service';
import { ItemSheet } from './components/ItemSheet';
import { childrenWithItems, itemsUnder, rootOf, rootsWithItems } from './handbook';

// Touch targets: at least 48 px high, as the consulting room uses fingers, not a mouse.
const TOUCH = { minHeight: 48, fontSize: 16 };

function Picker({
  index,
  root,
  sub,
  itemId,
  onRoot,
  onSub,
  onItem,
}: {
  index: HandbookIndex;
  root: number | null;
  sub: number | null;
  itemId: number | undefined;
  onRoot: (id: number) => void;
  onSub: (id: number | null) => void;
  onItem: (id: number) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const roots = rootsWithItems(index);
  const children = root != null ? childrenWithItems(index, root) : [];
  const items = search.trim() ? itemsUnder(index, null, search) : itemsUnder(index, sub ?? root, '');
  return (
    <Flex vertical gap={12}>
      <Input.Search
        allowClear
        size="large"
        placeholder={t('pages.catalog.handbook.search')}
        onChange={(event) => setSearch(event.target.value)}
        data-testid="handbook-search"
      />
      <Flex gap={8} wrap data-testid="handbook-roots">
        {roots.map((category) => (
          <Button
            key={category.id}
            size="large"
            type={category.id === root ? 'primary' : 'default'}
            onClick={() => onRoot(category.id)}
            style={{ ...TOUCH, flex: '1 1 auto' }}
          >
            {category.name}
          </Button>
        ))}
      </Flex>
      {children.length > 1 && (
        <Flex gap={8} wrap>
          <Tag.CheckableTag checked={sub == null} onChange={() => onSub(null)} style={{ ...TOUCH, lineHeight: '46px', padding: '0 14px' }}>
            {t('pages.catalog.filter.all')}
          </Tag.CheckableTag>
          {children.map((category) => (
            <Tag.CheckableTag
              key={category.id}
              checked={sub === category.id}
              onChange={() => onSub(category.id)}
              style={{ ...TOUCH, lineHeight: '46px', padding: '0 14px' }}
            >
              {category.name}
            </Tag.CheckableTag>
          ))}
        </Flex>
      )}
      {items.length === 0 ? (
        <Empty description={t('pages.catalog.handbook.noItems')} />
      ) : (
        <Flex vertical gap={8} data-testid="handbook-items">
          {items.map((item) => {
            const category = index.categories.find((c) => c.id === item.category);
            return (
              <Card
                key={item.id}
                hoverable
                size="small"
                onClick={() => onItem(item.id)}
                style={{ borderColor: item.id === itemId ? '#1677ff' : undefined, background: item.id === itemId ? '#f0f7ff' : undefined }}
                styles={{ body: { padding: '12px 16px' } }}
                data-testid={`handbook-item-${item.code}`}
              >
                <Flex justify="space-between" align="center" gap={8} style={{ minHeight: 40 }}>
                  <Flex vertical>
                    <Typography.Text strong style={{ fontSize: 16 }}>
                      {item.name}
                    </Typography.Text>
                    <Flex gap={4} wrap>
                      {category && <Tag color={ITEM_KIND_COLORS[category.kind as keyof typeof ITEM_KIND_COLORS]}>{category.name}</Tag>}
                      {item.case_count > 0 && <Tag>{t('pages.catalog.handbook.caseCount', { count: item.case_count })}</Tag>}
                    </Flex>
                  </Flex>
                  <Typography.Text style={{ fontSize: 16, color: '#d4380d', whiteSpace: 'nowrap' }}>
                    {formatYuan(item.price_amount, { compact: true })}
                  </Typography.Text>
                </Flex>
              </Card>
            );
          })}
        </Flex>
      )}
    </Flex>
  );
}

/** 项目手册: for the consulting room on an iPad — pick a category and an item, read, show pictures and prices. */
export default function HandbookPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const split = Boolean(screens.lg); // iPad landscape and wider: list and sheet side by side
  const [params, setParams] = useSearchParams();
  const itemId = Number(params.get('item')) || undefined;
  const chosenSub = Number(params.get('sub')) || null;
  const index = useQuery({ queryKey: catalogKeys.handbook, queryFn: getHandbook });

  const root = useMemo(() => {
    const data = index.data;
    if (!data) return null;
    const requested = Number(params.get('category')) || null;
    if (requested) return requested;
    const item = data.items.find((row) => row.id === itemId);
    if (item) return rootOf(data, item.category);
    return rootsWithItems(data)[0]?.id ?? null;
  }, [index.data, params, itemId]);

  const go = (next: { category?: number | null; sub?: number | null; item?: number | null }) => {
    const merged = { category: root, sub: chosenSub, item: itemId ?? null, ...next };
    const search = new URLSearchParams();
    if (merged.category) search.set('category', String(merged.category));
    if (merged.sub) search.set('sub', String(merged.sub));
    if (merged.item) search.set('item', String(merged.item));
    setParams(search, { replace: !next.item });
  };

  let body: React.ReactNode;
  if (index.error) {
    body = <LoadError error={index.error} onRetry={() => void index.refetch()} />;
  } else if (index.isLoading || !index.data) {
    body = <Skeleton active paragraph={{ rows: 10 }} />;
  } else if (index.data.items.length === 0) {
    body = <Empty description={t('pages.catalog.handbook.empty')} />;
  } else {
    const picker = (
      <Picker
        index={index.data}
        root={root}
        sub={chosenSub}
        itemId={itemId}
        onRoot={(id) => go({ category: id, sub: null })}
        onSub={(id) => go({ sub: id })}
        onItem={(id) => go({ item: id })}
      />
    );
    if (split) {
      body = (
        <Row gutter={24} wrap={false}>
          <Col flex="340px" style={{ maxHeight: 'calc(100vh - 180px)', overflowY: 'auto' }}>
            {picker}
          </Col>
          <Col flex="auto" style={{ minWidth: 0 }}>
            {itemId ? <ItemSheet key={itemId} itemId={itemId} /> : <Empty description={t('pages.catalog.handbook.pickItem')} style={{ marginTop: 80 }} />}
          </Col>
        </Row>
      );
    } else if (itemId) {
      body = (
        <Flex vertical gap={12}>
          <Button icon={<ArrowLeftOutlined />} size="large" onClick={() => go({ item: null })} style={{ alignSelf: 'flex-start', ...TOUCH }}>
            {t('pages.catalog.handbook.back')}
          </Button>
          <ItemSheet key={itemId} itemId={itemId} />
        </Flex>
      );
    } else {
      body = picker;
    }
  }

  return <PageContainer title={t('menu.catalog.handbook')}>{body}</PageContainer>;
}
