import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { useSaveMutation } from '../../../../hooks/useCrudMutations';
import { useCatalogLabels } from '../../shared/labels';
import { toNumber } from '../../shared/money';
import { CARD_KINDS, catalogKeys, createCard, listAllItems, updateCard, type CardKind, type CardType } from '../../service';
import { cardLayout, cardProblem, principalShare, REFUND_RULES, toCardInput, type CardFormValues } from '../cardRules';

function toFormValues(card: CardType): CardFormValues {
  return {
    code: card.code,
    name: card.name,
    kind: card.kind,
    price_amount: toNumber(card.price_amount),
    choose_count: card.choose_count ?? null,
    allow_repeat: card.allow_repeat,
    principal_amount: toNumber(card.principal_amount),
    bonus_amount: toNumber(card.bonus_amount),
    validity_mode: card.validity_days ? 'days' : card.valid_until ? 'date' : 'none',
    validity_days: card.validity_days ?? null,
    valid_until: card.valid_until ? dayjs(card.valid_until) : null,
    refund_rule: card.refund_rule,
    description: card.description,
    sort: card.sort,
    is_active: card.is_active,
    card_items: card.card_items.map((row) => ({ item: row.item, sessions: row.sessions ?? null })),
  };
}

const NEW_CARD: Partial<CardFormValues> = {
  kind: 'count',
  validity_mode: 'days',
  validity_days: 365,
  refund_rule: 'unused',
  allow_repeat: true,
  sort: 0,
  is_active: true,
  card_items: [{ sessions: 5 }],
};

/** 卡项编辑: the fields follow the kind — items and sessions, M of N, or principal and bonus. */
export function CardEditorModal({ card, onClose }: { card?: CardType; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useCatalogLabels();
  const [form] = Form.useForm<CardFormValues>();
  const kind = (Form.useWatch('kind', form) ?? card?.kind ?? 'count') as CardKind;
  const validityMode = Form.useWatch('validity_mode', form);
  const principal = Form.useWatch('principal_amount', form);
  const bonus = Form.useWatch('bonus_amount', form);
  const layout = cardLayout(kind);
  const items = useQuery({ queryKey: catalogKeys.itemPicker, queryFn: listAllItems });
  const save = useSaveMutation(
    form,
    (values: CardFormValues) => (card ? updateCard(card.id, toCardInput(values)) : createCard(toCardInput(values))),
    catalogKeys.all,
    onClose,
  );

  const submit = (values: CardFormValues) => {
    const problem = cardProblem(values);
    if (problem) {
      form.setFields([{ name: problem.field, errors: [t(problem.key, problem.params)] }]);
      return;
    }
    save.mutate(values);
  };

  const itemOptions = (items.data ?? [])
    .filter((row) => row.is_active || (card?.card_items ?? []).some((c) => c.item === row.id))
    .map((row) => ({ value: row.id, label: `${row.name}（${row.code}）` }));

  return (
    <FormModal<CardFormValues>
      title={t(card ? 'pages.catalog.cards.edit' : 'pages.catalog.cards.create')}
      form={form}
      width={720}
      initialValues={card ? toFormValues(card) : NEW_CARD}
      saving={save.isPending}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item name="kind" label={t('pages.catalog.cards.kind')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={CARD_KINDS.map((value) => ({ value, label: labels.cardKind(value) }))}
          onChange={(event) => {
            const next = event.target.value as CardKind;
            const rows = (form.getFieldValue('card_items') ?? []) as CardFormValues['card_items'];
            const cardItems =
              next === 'stored_value' ? [] : next === 'count' ? (rows.length ? rows.slice(0, 1) : [{}]) : rows.length ? rows : [{}, {}];
            form.setFieldsValue({ refund_rule: REFUND_RULES[next][0], card_items: cardItems });
          }}
          data-testid="card-kind"
        />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
        {t(`pages.catalog.cards.kindHint.${kind}`)}
      </Typography.Paragraph>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="code" label={t('pages.catalog.cards.code')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={32} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          <Form.Item name="name" label={t('pages.catalog.cards.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="price_amount" label={t('pages.catalog.cards.price')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} prefix="¥" inputMode="decimal" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        {layout.storedValue && (
          <>
            <Col xs={12} sm={8}>
              <Form.Item name="principal_amount" label={t('pages.catalog.cards.principal')} rules={[{ required: true }]}>
                <InputNumber min={0.01} precision={2} prefix="¥" inputMode="decimal" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8}>
              <Form.Item name="bonus_amount" label={t('pages.catalog.cards.bonus')}>
                <InputNumber min={0} precision={2} prefix="¥" inputMode="decimal" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                title={t('pages.catalog.cards.shareHint', { percent: (principalShare(principal, bonus) * 100).toFixed(2) })}
              />
            </Col>
          </>
        )}
        {layout.choice && (
          <>
            <Col xs={12} sm={8}>
              <Form.Item name="choose_count" label={t('pages.catalog.cards.chooseCount')} rules={[{ required: true }]}>
                <InputNumber min={1} max={1000} precision={0} inputMode="numeric" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8}>
              <Form.Item name="allow_repeat" label={t('pages.catalog.cards.allowRepeat')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </>
        )}
      </Row>

      {layout.items !== 'none' && (
        <Form.Item label={t(layout.choice ? 'pages.catalog.cards.eligibleItems' : 'pages.catalog.cards.items')} required>
          <Form.List name="card_items">
            {(fields, { add, remove }, { errors }) => (
              <Flex vertical gap={8} data-testid="card-items">
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} align="start" wrap>
                    <Form.Item name={[field.name, 'item']} rules={[{ required: true }]} style={{ flex: '2 1 220px', margin: 0 }}>
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        loading={items.isLoading}
                        placeholder={t('pages.catalog.cards.item')}
                        options={itemOptions}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'sessions']}
                      rules={layout.sessionsRequired ? [{ required: true }] : []}
                      style={{ flex: '1 1 120px', margin: 0 }}
                    >
                      <InputNumber
                        min={1}
                        max={1000}
                        precision={0}
                        inputMode="numeric"
                        style={{ width: '100%' }}
                        placeholder={layout.choice ? t('pages.catalog.cards.capPlaceholder') : t('pages.catalog.cards.sessions')}
                        suffix={t('pages.catalog.cards.sessionsSuffix')}
                      />
                    </Form.Item>
                    {layout.items === 'many' && (
                      <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                    )}
                  </Flex>
                ))}
                <Form.ErrorList errors={errors} />
                {layout.items === 'many' && (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                    {t('pages.catalog.cards.addItem')}
                  </Button>
                )}
              </Flex>
            )}
          </Form.List>
        </Form.Item>
      )}

      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="validity_mode" label={t('pages.catalog.cards.validity')}>
            <Radio.Group
              options={[
                { value: 'none', label: t('pages.catalog.cards.validity.none') },
                { value: 'days', label: t('pages.catalog.cards.validity.days') },
                { value: 'date', label: t('pages.catalog.cards.validity.date') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          {validityMode === 'days' && (
            <Form.Item name="validity_days" label={t('pages.catalog.cards.validityDays')} rules={[{ required: true }]}>
              <InputNumber min={1} max={36500} precision={0} inputMode="numeric" style={{ width: '100%' }} suffix={t('pages.catalog.cards.daysSuffix')} />
            </Form.Item>
          )}
          {validityMode === 'date' && (
            <Form.Item name="valid_until" label={t('pages.catalog.cards.validUntil')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isBefore(dayjs().startOf('day'))} />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="refund_rule" label={t('pages.catalog.cards.refundRule')} rules={[{ required: true }]}>
            <Select options={REFUND_RULES[kind].map((rule) => ({ value: rule, label: labels.refundRule(rule) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="sort" label={t('pages.catalog.sort')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6}>
          <Form.Item name="is_active" label={t('common.status')} valuePropName="checked">
            <Switch checkedChildren={t('common.status.active')} unCheckedChildren={t('common.status.inactive')} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="description" label={t('pages.catalog.cards.description')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
