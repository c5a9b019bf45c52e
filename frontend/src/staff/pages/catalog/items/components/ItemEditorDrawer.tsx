import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Col,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Switch,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { CategoryTreeSelect } from '../../shared/CategoryTreeSelect';
import { LoadError } from '../../shared/LoadError';
import { discountLabel, formatYuan, toAmount, toNumber } from '../../shared/money';
import {
  catalogKeys,
  createItem,
  getItem,
  getItemOptions,
  updateItem,
  type ItemDetail,
  type ItemInput,
  type ItemOptions,
} from '../../service';

interface ItemFormValues {
  code: string;
  name: string;
  category?: number | null;
  price_amount?: number;
  session_unit: string;
  duration_minutes: number;
  requires_doctor: boolean;
  is_active: boolean;
  sort: number;
  description?: string;
  tier_prices: { tier?: number; price_amount?: number }[];
  consumables: { product?: number; quantity?: number }[];
  operation_fees: { position?: number; fee_amount?: number }[];
}

const NEW_ITEM: Partial<ItemFormValues> = {
  session_unit: '次',
  duration_minutes: 30,
  requires_doctor: false,
  is_active: true,
  sort: 0,
  tier_prices: [],
  consumables: [],
  operation_fees: [],
};

function toFormValues(item: ItemDetail): ItemFormValues {
  return {
    code: item.code,
    name: item.name,
    category: item.category.id,
    price_amount: toNumber(item.price_amount),
    session_unit: item.session_unit,
    duration_minutes: item.duration_minutes,
    requires_doctor: item.requires_doctor,
    is_active: item.is_active,
    sort: item.sort,
    description: item.description,
    tier_prices: item.tier_prices.map((row) => ({ tier: row.tier, price_amount: toNumber(row.price_amount) })),
    consumables: item.consumables.map((row) => ({ product: row.product, quantity: toNumber(row.quantity) })),
    operation_fees: item.operation_fees.map((row) => ({ position: row.position, fee_amount: toNumber(row.fee_amount) })),
  };
}

/** The whole document: the server replaces the three lists together with the item, or saves nothing. */
export function toItemInput(values: ItemFormValues): ItemInput {
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    category: values.category as number,
    price_amount: toAmount(values.price_amount),
    session_unit: values.session_unit,
    duration_minutes: values.duration_minutes,
    requires_doctor: values.requires_doctor,
    is_active: values.is_active,
    sort: values.sort ?? 0,
    description: values.description ?? '',
    tier_prices: (values.tier_prices ?? []).map((row) => ({ tier: row.tier as number, price_amount: toAmount(row.price_amount) })),
    consumables: (values.consumables ?? []).map((row) => ({ product: row.product as number, quantity: String(row.quantity ?? '') })),
    operation_fees: (values.operation_fees ?? []).map((row) => ({
      position: row.position as number,
      fee_amount: toAmount(row.fee_amount),
    })),
  };
}

function RowsSection({ title, hint, children }: { title: string; hint?: string; children: React.ReactNode }) {
  return (
    <>
      <Divider titlePlacement="start" style={{ marginTop: 8 }}>
        {title}
      </Divider>
      {hint && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {hint}
        </Typography.Paragraph>
      )}
      {children}
    </>
  );
}

function ItemForm({ item, options, editable }: { item?: ItemDetail; options: ItemOptions; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const form = Form.useFormInstance<ItemFormValues>();
  const price = Form.useWatch('price_amount', form);
  // Watched so that a row's hint (discounted price, unit) follows its select.
  const tierRows = Form.useWatch('tier_prices', form) ?? [];
  const consumableRows = Form.useWatch('consumables', form) ?? [];
  const productUnit = (id?: number) => options.products.find((product) => product.id === id)?.unit ?? '';
  return (
    <>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="code" label={t('pages.catalog.items.code')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={32} data-testid="item-code" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label={t('pages.catalog.items.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={64} data-testid="item-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="category" label={t('pages.catalog.items.category')} rules={[{ required: true }]}>
            <CategoryTreeSelect activeOnly data-testid="item-category" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="price_amount" label={t('pages.catalog.items.price')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} prefix="¥" inputMode="decimal" style={{ width: '100%' }} data-testid="item-price" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="session_unit" label={t('pages.catalog.items.unit')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={8} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="duration_minutes" label={t('pages.catalog.items.duration')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1440} precision={0} inputMode="numeric" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={8} sm={4}>
          <Form.Item name="requires_doctor" label={t('pages.catalog.items.requiresDoctor')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={8} sm={4}>
          <Form.Item name="is_active" label={t('common.status')} valuePropName="checked">
            <Switch checkedChildren={t('common.status.active')} unCheckedChildren={t('common.status.inactive')} />
          </Form.Item>
        </Col>
        <Col xs={8} sm={4}>
          <Form.Item name="sort" label={t('pages.catalog.sort')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="description" label={t('pages.catalog.items.description')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} showCount />
          </Form.Item>
        </Col>
      </Row>

      <RowsSection title={t('pages.catalog.items.tierPrices')} hint={t('pages.catalog.items.tierPrices.hint')}>
        <Form.List name="tier_prices">
          {(fields, { add, remove }, { errors }) => (
            <Flex vertical gap={8} data-testid="tier-prices">
              {fields.map((field) => {
                const tierId = tierRows[field.name]?.tier;
                const tier = options.tiers.find((row) => row.id === tierId);
                const byDiscount = tier && price != null ? Number(price) * Number(tier.discount_rate) : undefined;
                return (
                  <Flex key={field.key} gap={8} align="start" wrap>
                    <Form.Item name={[field.name, 'tier']} rules={[{ required: true }]} style={{ flex: '1 1 160px', margin: 0 }}>
                      <Select
                        placeholder={t('pages.catalog.items.tier')}
                        options={options.tiers.map((row) => ({
                          value: row.id,
                          label: `${row.name} ${discountLabel(row.discount_rate, i18n.language)}`.trim(),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'price_amount']} rules={[{ required: true }]} style={{ flex: '1 1 140px', margin: 0 }}>
                      <InputNumber
                        min={0}
                        precision={2}
                        prefix="¥"
                        inputMode="decimal"
                        style={{ width: '100%' }}
                        placeholder={byDiscount != null ? formatYuan(byDiscount) : undefined}
                      />
                    </Form.Item>
                    {editable && (
                      <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                    )}
                  </Flex>
                );
              })}
              <Form.ErrorList errors={errors} />
              {editable && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} disabled={fields.length >= options.tiers.length}>
                  {t('pages.catalog.items.addTierPrice')}
                </Button>
              )}
            </Flex>
          )}
        </Form.List>
      </RowsSection>

      <RowsSection title={t('pages.catalog.items.consumables')} hint={t('pages.catalog.items.consumables.hint')}>
        <Form.List name="consumables">
          {(fields, { add, remove }, { errors }) => (
            <Flex vertical gap={8} data-testid="consumables">
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start" wrap>
                  <Form.Item name={[field.name, 'product']} rules={[{ required: true }]} style={{ flex: '2 1 200px', margin: 0 }}>
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      placeholder={t('pages.catalog.items.product')}
                      options={options.products.map((row) => ({
                        value: row.id,
                        label: row.spec ? `${row.name}（${row.spec}）` : row.name,
                      }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'quantity']} rules={[{ required: true }]} style={{ flex: '1 1 120px', margin: 0 }}>
                    <InputNumber
                      min={0.001}
                      precision={3}
                      inputMode="decimal"
                      style={{ width: '100%' }}
                      suffix={productUnit(consumableRows[field.name]?.product)}
                    />
                  </Form.Item>
                  {editable && <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />}
                </Flex>
              ))}
              <Form.ErrorList errors={errors} />
              {editable && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })}>
                  {t('pages.catalog.items.addConsumable')}
                </Button>
              )}
            </Flex>
          )}
        </Form.List>
      </RowsSection>

      <RowsSection title={t('pages.catalog.items.fees')} hint={t('pages.catalog.items.fees.hint')}>
        <Form.List name="operation_fees">
          {(fields, { add, remove }, { errors }) => (
            <Flex vertical gap={8} data-testid="operation-fees">
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start" wrap>
                  <Form.Item name={[field.name, 'position']} rules={[{ required: true }]} style={{ flex: '1 1 160px', margin: 0 }}>
                    <Select
                      placeholder={t('pages.catalog.items.position')}
                      options={options.positions.map((row) => ({ value: row.id, label: row.name }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'fee_amount']} rules={[{ required: true }]} style={{ flex: '1 1 140px', margin: 0 }}>
                    <InputNumber min={0} precision={2} prefix="¥" inputMode="decimal" style={{ width: '100%' }} />
                  </Form.Item>
                  {editable && <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />}
                </Flex>
              ))}
              <Form.ErrorList errors={errors} />
              {editable && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} disabled={fields.length >= options.positions.length}>
                  {t('pages.catalog.items.addFee')}
                </Button>
              )}
            </Flex>
          )}
        </Form.List>
      </RowsSection>
      {item && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('pages.catalog.items.updatedAt', { time: new Date(item.updated_at).toLocaleString() })}
        </Typography.Text>
      )}
    </>
  );
}

interface ItemEditorDrawerProps {
  /** The item to edit; absent for a new one. */
  itemId?: number;
  editable: boolean;
  onClose: () => void;
}

/** 项目编辑: the item with its member prices, consumables and operation fees, saved as one document. */
export function ItemEditorDrawer({ itemId, editable, onClose }: ItemEditorDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const phone = useLayoutMode() === 'phone';
  const [form] = Form.useForm<ItemFormValues>();
  const item = useQuery({ queryKey: catalogKeys.item(itemId ?? 0), queryFn: () => getItem(itemId as number), enabled: !!itemId });
  const options = useQuery({ queryKey: catalogKeys.itemOptions, queryFn: getItemOptions });
  const save = useMutation({
    mutationFn: (values: ItemFormValues) => (itemId ? updateItem(itemId, toItemInput(values)) : createItem(toItemInput(values))),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: catalogKeys.all });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  useEffect(() => {
    if (item.data) form.setFieldsValue(toFormValues(item.data));
  }, [item.data, form]);

  const loading = (!!itemId && item.isLoading) || options.isLoading;
  const failed = item.error ?? options.error;
  const title = itemId
    ? editable
      ? t('pages.catalog.items.edit', { name: item.data?.name ?? '' })
      : item.data?.name
    : t('pages.catalog.items.create');

  return (
    <Drawer
      open
      title={title}
      size={phone ? '100%' : 760}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: !editable }}
      footer={
        editable && (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={save.isPending} disabled={loading || !!failed} onClick={() => form.submit()} data-testid="item-save">
              {t('common.save')}
            </Button>
          </Flex>
        )
      }
    >
      {failed ? (
        <LoadError error={failed} onRetry={() => void Promise.all([item.refetch(), options.refetch()])} />
      ) : loading || !options.data ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <Form<ItemFormValues>
          form={form}
          layout="vertical"
          initialValues={item.data ? toFormValues(item.data) : NEW_ITEM}
          onFinish={(values) => save.mutate(values)}
          disabled={!editable}
          scrollToFirstError
        >
          <ItemForm item={item.data} options={options.data} editable={editable} />
        </Form>
      )}
    </Drawer>
  );
}
