import { ReadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Select, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { useAccess } from '../../../session/useMe';
import { LoadError } from '../shared/LoadError';
import { catalogKeys, listAllItems } from '../service';
import { ArticlesTab } from './components/ArticlesTab';
import { CasesTab } from './components/CasesTab';

/** 知识库与案例: an item's articles and cases, edited here and read in the project handbook. */
export default function CatalogKnowledgePage() {
  const { t } = useTranslation();
  const access = useAccess();
  const editable = access.canManageKnowledge;
  const [params, setParams] = useSearchParams();
  const itemId = Number(params.get('item')) || undefined;
  const tab = params.get('tab') === 'cases' ? 'cases' : 'articles';
  const items = useQuery({ queryKey: catalogKeys.itemPicker, queryFn: listAllItems });
  const chosen = items.data?.find((row) => row.id === itemId);

  return (
    <PageContainer
      title={t('menu.catalog.knowledge')}
      extra={
        access.canViewHandbook &&
        itemId && (
          <Link to={`/catalog/handbook?item=${itemId}`}>
            <Button icon={<ReadOutlined />}>{t('pages.catalog.knowledge.openHandbook')}</Button>
          </Link>
        )
      }
    >
      <Flex vertical gap={16}>
        {!editable && <Alert type="info" showIcon title={t('pages.catalog.knowledge.readOnly')} />}
        {items.error ? (
          <LoadError error={items.error} onRetry={() => void items.refetch()} />
        ) : (
          <Select<number>
            showSearch={{ optionFilterProp: 'label' }}
            loading={items.isLoading}
            value={itemId}
            onChange={(value) => setParams({ item: String(value), tab }, { replace: true })}
            placeholder={t('pages.catalog.knowledge.chooseItem')}
            options={(items.data ?? []).map((row) => ({
              value: row.id,
              label: `${row.category_path.join(' › ')} › ${row.name}`,
            }))}
            style={{ width: '100%', maxWidth: 520 }}
            size="large"
            data-testid="knowledge-item"
          />
        )}
        {itemId && chosen !== undefined ? (
          <Tabs
            activeKey={tab}
            onChange={(key) => setParams({ item: String(itemId), tab: key }, { replace: true })}
            destroyOnHidden
            items={[
              {
                key: 'articles',
                label: t('pages.catalog.knowledge.articles', { count: chosen.article_count }),
                children: <ArticlesTab itemId={itemId} editable={editable} />,
              },
              {
                key: 'cases',
                label: t('pages.catalog.knowledge.cases', { count: chosen.case_count }),
                children: <CasesTab itemId={itemId} editable={editable} />,
              },
            ]}
          />
        ) : (
          !items.isLoading && <Empty description={t('pages.catalog.knowledge.chooseItemFirst')} />
        )}
      </Flex>
    </PageContainer>
  );
}
