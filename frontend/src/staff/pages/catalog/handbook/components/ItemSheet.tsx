import { ClockCircleOutlined, MedicineBoxOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Empty, Flex, Image, Skeleton, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { useCatalogLabels } from '../../shared/labels';
import { LoadError } from '../../shared/LoadError';
import { discountLabel, formatYuan } from '../../shared/money';
import { RichText } from '../../shared/RichText';
import { catalogKeys, getHandbookItem, type HandbookItem } from '../../service';

function PriceCard({ item }: { item: HandbookItem }) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" style={{ background: '#fff8f0', borderColor: '#ffd8b0' }} data-testid="handbook-price">
      <Flex vertical gap={8}>
        <Flex align="baseline" gap={6} wrap>
          <Typography.Text type="secondary">{t('pages.catalog.handbook.price')}</Typography.Text>
          <Typography.Text strong style={{ fontSize: 30, color: '#d4380d' }}>
            {formatYuan(item.price_amount, { compact: true })}
          </Typography.Text>
          <Typography.Text type="secondary">/ {item.session_unit}</Typography.Text>
        </Flex>
        {item.member_prices.length > 0 && (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 2, lg: 3, xl: 3, xxl: 5 }}
            items={item.member_prices.map((row) => ({
              key: row.tier,
              label: row.tier_name,
              children: (
                <Flex gap={4} align="center" wrap>
                  <Typography.Text strong>{formatYuan(row.price_amount, { compact: true })}</Typography.Text>
                  {row.source === 'price' ? (
                    <Tag color="volcano">{t('pages.catalog.handbook.memberPrice')}</Tag>
                  ) : (
                    discountLabel(row.discount_rate, i18n.language) && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {discountLabel(row.discount_rate, i18n.language)}
                      </Typography.Text>
                    )
                  )}
                </Flex>
              ),
            }))}
          />
        )}
      </Flex>
    </Card>
  );
}

function CasesPanel({ item }: { item: HandbookItem }) {
  const { t } = useTranslation();
  if (item.cases.length === 0) return <Empty description={t('pages.catalog.handbook.noCases')} />;
  return (
    <Flex vertical gap={24}>
      {item.cases.map((row) => (
        <Flex key={row.id} vertical gap={8} data-testid="handbook-case">
          <Typography.Title level={5} style={{ margin: 0 }}>
            {row.name}
          </Typography.Title>
          {row.description && <Typography.Paragraph style={{ margin: 0, fontSize: 15 }}>{row.description}</Typography.Paragraph>}
          {/* A strip the finger swipes through; a tap opens the pictures full screen, swiped one by one. */}
          <Image.PreviewGroup>
            <Flex gap={12} style={{ overflowX: 'auto', paddingBottom: 8, scrollSnapType: 'x mandatory' }}>
              {row.pictures.map((picture) => (
                <Flex key={picture.image} vertical gap={4} align="center" style={{ flex: '0 0 auto', scrollSnapAlign: 'start' }}>
                  <Image
                    src={picture.url}
                    alt={picture.caption || row.name}
                    width={260}
                    height={195}
                    style={{ objectFit: 'cover', borderRadius: 8 }}
                  />
                  <Typography.Text type="secondary">{picture.caption}</Typography.Text>
                </Flex>
              ))}
            </Flex>
          </Image.PreviewGroup>
        </Flex>
      ))}
    </Flex>
  );
}

/** One item as shown to a customer: price and member prices, the articles in tabs, the cases' pictures. */
export function ItemSheet({ itemId }: { itemId: number }) {
  const { t } = useTranslation();
  const labels = useCatalogLabels();
  const query = useQuery({ queryKey: catalogKeys.handbookItem(itemId), queryFn: () => getHandbookItem(itemId) });
  if (query.error) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isLoading || !query.data) return <Skeleton active paragraph={{ rows: 12 }} />;
  const item = query.data;
  const tabs = [
    ...item.articles.map((article) => ({
      key: `article-${article.id}`,
      label: article.title || labels.articleKind(article.kind),
      children: <RichText html={article.body_html} fontSize={16} />,
    })),
    {
      key: 'cases',
      label: t('pages.catalog.handbook.casesTab', { count: item.cases.length }),
      children: <CasesPanel item={item} />,
    },
  ];
  return (
    <Flex vertical gap={16} data-testid="handbook-sheet">
      <Flex vertical gap={4}>
        <Typography.Text type="secondary">{item.category_path.join(' › ')}</Typography.Text>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {item.name}
        </Typography.Title>
        <Flex gap={8} wrap>
          <Tag icon={<ClockCircleOutlined />}>{t('pages.catalog.items.minutes', { count: item.duration_minutes })}</Tag>
          {item.requires_doctor && (
            <Tag icon={<MedicineBoxOutlined />} color="blue">
              {t('pages.catalog.items.requiresDoctor')}
            </Tag>
          )}
        </Flex>
      </Flex>
      <PriceCard item={item} />
      {item.description && <Typography.Paragraph style={{ fontSize: 16, margin: 0 }}>{item.description}</Typography.Paragraph>}
      {item.articles.length === 0 && item.cases.length === 0 ? (
        <Empty description={t('pages.catalog.handbook.noContent')} />
      ) : (
        <Tabs size="large" items={tabs} defaultActiveKey={tabs[0]?.key} />
      )}
    </Flex>
  );
}
