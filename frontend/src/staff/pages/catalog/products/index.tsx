import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Col, Empty, Flex, Form, Input, InputNumber, Row, Select, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ActiveTag } from '../../../components/ActiveTag';
import { CreateButton, RowActions } from '../../../components/CrudButtons';
import { FormModal } from '../../../components/FormModal';
import { PageContainer } from '../../../components/PageContainer';
import { useDeleteMutation, useSaveMutation } from '../../../hooks/useCrudMutations';
import { useAccess } from '../../../session/useMe';
import { FIRST_PAGE, serverPagination, type PageState } from '../../../utils/pagination';
import { useCatalogLabels } from '../shared/labels';
import { LoadError } from '../shared/LoadError';
import { formatYuan, toAmount, toNumber } from '../shared/money';
import {
  catalogKeys,
  createProduct,
  deleteProduct,
  listProducts,
  PRODUCT_KINDS,
  updateProduct,
  type ListQuery,
  type Product,
  type ProductInput,
  type ProductKind,
} from '../service';

const KIND_COLORS: Record<ProductKind, string> = { retail: 'green', consumable: 'blue', both: 'purple' };

interface ProductFormValues extends Omit<ProductInput, 'price_amount'> {
  price_amount?: number;
}

function ProductFormModal({ product, onClose }: { product?: Product; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useCatalogLabels();
  const [form] = Form.useForm<ProductFormValues>();
  const unit = Form.useWatch('unit', form);
  const packUnit = Form.useWatch('pack_unit', form);
  const save = useSaveMutation(
    form,
    (values: ProductFormValues) => {
      const body: ProductInput = { ...values, price_amount: toAmount(values.price_amount ?? 0) };
      return product ? updateProduct(product.id, body) : createProduct(body);
    },
    catalogKeys.all,
    onClose,
  );
  return (
    <FormModal<ProductFormValues>
      title={t(product ? 'pages.catalog.products.edit' : 'pages.catalog.products.create')}
      form={form}
      width={640}
      initialValues={
        product
          ? { ...product, price_amount: toNumber(product.price_amount) }
          : { kind: 'consumable', unit: '支', pack_unit: '盒', pieces_per_pack: 1, price_amount: 0, is_active: true }
      }
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="code" label={t('pages.catalog.products.code')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={32} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label={t('pages.catalog.products.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="kind" label={t('pages.catalog.products.kind')} rules={[{ required: true }]}>
            <Select options={PRODUCT_KINDS.map((kind) => ({ value: kind, label: labels.productKind(kind) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="spec" label={t('pages.catalog.products.spec')}>
            <Input maxLength={64} placeholder="1ml/支" />
          </Form.Item>
        </Col>
        <Col xs={8}>
          <Form.Item name="unit" label={t('pages.catalog.products.unit')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={8} />
          </Form.Item>
        </Col>
        <Col xs={8}>
          <Form.Item name="pack_unit" label={t('pages.catalog.products.packUnit')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={8} />
          </Form.Item>
        </Col>
        <Col xs={8}>
          <Form.Item
            name="pieces_per_pack"
            label={t('pages.catalog.products.piecesPerPack')}
            rules={[{ required: true }]}
            extra={unit && packUnit ? t('pages.catalog.products.packHint', { pack: packUnit, unit }) : undefined}
          >
            <InputNumber min={1} max={100000} precision={0} inputMode="numeric" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="price_amount" label={t('pages.catalog.products.price')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} prefix="¥" inputMode="decimal" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="is_active" label={t('common.status')} valuePropName="checked">
            <Switch checkedChildren={t('common.status.active')} unCheckedChildren={t('common.status.inactive')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="manufacturer" label={t('pages.catalog.products.manufacturer')}>
            <Input maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="approval_number" label={t('pages.catalog.products.approvalNumber')}>
            <Input maxLength={64} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}

/** 商品: retail goods and consumables with pack units. */
export default function CatalogProductsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useCatalogLabels();
  const editable = access.canManageProduct;
  const [search, setSearch] = useState('');
  const [kinds, setKinds] = useState<ProductKind[]>([]);
  const [page, setPage] = useState<PageState>(FIRST_PAGE);
  const [editing, setEditing] = useState<{ product?: Product } | null>(null);
  const query: ListQuery = { ...page, search: search || undefined, kind: kinds.length ? kinds : undefined };
  const products = useQuery({
    queryKey: catalogKeys.products(query),
    queryFn: () => listProducts({ ...query, kind: query.kind as ProductKind[] | undefined }),
    placeholderData: keepPreviousData,
  });
  const remove = useDeleteMutation(deleteProduct, catalogKeys.all);

  const columns: TableColumnsType<Product> = [
    { title: t('pages.catalog.products.code'), dataIndex: 'code', key: 'code' },
    { title: t('pages.catalog.products.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('pages.catalog.products.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (kind: ProductKind) => <Tag color={KIND_COLORS[kind]}>{labels.productKind(kind)}</Tag>,
    },
    { title: t('pages.catalog.products.spec'), dataIndex: 'spec', key: 'spec' },
    {
      title: t('pages.catalog.products.pack'),
      key: 'pack',
      render: (_, row) => t('pages.catalog.products.packText', { pack: row.pack_unit, count: row.pieces_per_pack, unit: row.unit }),
    },
    {
      title: t('pages.catalog.products.price'),
      dataIndex: 'price_amount',
      key: 'price',
      align: 'right',
      render: (amount: string, row) => (Number(amount) > 0 ? `${formatYuan(amount)} / ${row.unit}` : '—'),
    },
    { title: t('pages.catalog.products.manufacturer'), dataIndex: 'manufacturer', key: 'manufacturer' },
    { title: t('common.status'), dataIndex: 'is_active', key: 'is_active', render: (active: boolean) => <ActiveTag active={active} /> },
  ];
  if (editable) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, product) => (
        <RowActions
          onEdit={() => setEditing({ product })}
          onDelete={() => remove.mutate(product.id)}
          deleteConfirm={t('pages.catalog.products.delete.confirm', { name: product.name })}
          deleteHint={t('pages.catalog.deleteHint')}
        />
      ),
    });
  }

  return (
    <PageContainer
      title={t('menu.catalog.products')}
      extra={editable && <CreateButton onClick={() => setEditing({})}>{t('pages.catalog.products.create')}</CreateButton>}
    >
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <Input.Search
            allowClear
            placeholder={t('pages.catalog.products.search')}
            onSearch={(value) => {
              setSearch(value.trim());
              setPage(FIRST_PAGE);
            }}
            style={{ width: 280, maxWidth: '100%' }}
          />
          <Select<ProductKind[]>
            mode="multiple"
            allowClear
            value={kinds}
            onChange={(value) => {
              setKinds(value);
              setPage(FIRST_PAGE);
            }}
            placeholder={t('pages.catalog.products.kind')}
            options={PRODUCT_KINDS.map((kind) => ({ value: kind, label: labels.productKind(kind) }))}
            style={{ minWidth: 200 }}
          />
        </Flex>
        {products.error ? (
          <LoadError error={products.error} onRetry={() => void products.refetch()} />
        ) : (
          <Table<Product>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={products.data?.results ?? []}
            loading={products.isFetching}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('pages.catalog.products.empty')} /> }}
            pagination={serverPagination(page, products.data?.count ?? 0, setPage, t, products.data?.count_capped)}
          />
        )}
      </Flex>
      {editing && <ProductFormModal product={editing.product} onClose={() => setEditing(null)} />}
    </PageContainer>
  );
}
