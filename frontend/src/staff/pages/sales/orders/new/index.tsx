import { DeleteOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Divider,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';

import { ApiError } from '@/api/errors';
import { reportError } from '@/api/reporting';

import { PageContainer } from '../../../../components/PageContainer';
import { useAccess } from '../../../../session/useMe';
import { formatMoney } from '../../../../utils/money';
import { CustomerSelect } from '../../../customers/shared/CustomerSelect';
import { customerKeys, getCustomer, STAFF_POSITIONS } from '../../../customers/shared/service';
import { StaffSelect } from '../../../customers/shared/StaffSelect';
import { DiscountStatusTag, OrderStatusTag, useLineKindLabel, useRateLabel } from '../../components/labels';
import { useIdempotencyKey } from '../../components/useIdempotencyKey';
import { createOrder, quoteOrder, salesKeys, type CatalogOption, type Order, type Quote } from '../../service';
import { ApprovalModal, type ApprovalChoice } from './components/ApprovalModal';
import { CatalogPicker } from './components/CatalogPicker';
import { DiscountEditor } from './components/DiscountEditor';
import { discountBody, lineBody, NO_DISCOUNT, type DiscountDraft, type LineDraft } from './orderDraft';

function readId(value: string | null): number | null {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

interface Attribution {
  consultant: number | null;
  online_consultant: number | null;
  doctor: number | null;
  note: string;
}

/**
 * 开单: a customer, lines from the catalogue with their member prices and discounts, the attribution. The
 * totals shown are the server's quote (it prices every line); after saving, the saved order's figures.
 */
export default function NewOrderPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const access = useAccess();
  const kindLabel = useLineKindLabel();
  const rate = useRateLabel();
  const [params] = useSearchParams();
  const visit = readId(params.get('visit'));
  const consultation = readId(params.get('consultation'));
  const [customerId, setCustomerId] = useState<number | null>(readId(params.get('customer')));
  const [lines, setLines] = useState<LineDraft[]>([]);
  const [orderDiscount, setOrderDiscount] = useState<DiscountDraft>(NO_DISCOUNT);
  // What the user changed; the consultants otherwise come from the customer file.
  const [changed, setChanged] = useState<Partial<Attribution>>({});
  const [approvalOpen, setApprovalOpen] = useState(false);
  const [saved, setSaved] = useState<Order | null>(null);
  const [key, renewKey] = useIdempotencyKey();

  const customer = useQuery({
    queryKey: customerKeys.detail(customerId ?? 0),
    queryFn: () => getCustomer(customerId ?? 0),
    enabled: customerId !== null,
  });
  const attribution: Attribution = {
    consultant: customer.data?.consultant?.id ?? null,
    online_consultant: customer.data?.online_consultant?.id ?? null,
    doctor: null,
    note: '',
    ...changed,
  };
  const setAttribution = (patch: Partial<Attribution>) => setChanged((current) => ({ ...current, ...patch }));

  const body = useMemo(() => {
    if (customerId === null || lines.length === 0) return null;
    const discount = discountBody(orderDiscount);
    return { customer: customerId, lines: lines.map(lineBody), ...(discount ? { order_discount: discount } : {}) };
  }, [customerId, lines, orderDiscount]);
  const bodyText = body ? JSON.stringify(body) : '';
  const [settledText, setSettledText] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setSettledText(bodyText), 350);
    return () => window.clearTimeout(timer);
  }, [bodyText]);

  // The quote is a POST: a mutation whose errors the page shows next to the totals instead of toasting.
  const [priced, setPriced] = useState<{ text: string; quote: Quote | null; error: string | null }>({ text: '', quote: null, error: null });
  const quoting = useMutation({ mutationFn: quoteOrder, meta: { inlineError: true } });
  const { mutate: runQuote } = quoting;
  useEffect(() => {
    if (!settledText) return;
    runQuote(JSON.parse(settledText), {
      onSuccess: (answer) => setPriced({ text: settledText, quote: answer, error: null }),
      onError: (error) => {
        setPriced({ text: settledText, quote: null, error: error instanceof ApiError && error.message ? error.message : t('errors.unknown') });
        if (!(error instanceof ApiError) || error.status >= 500 || error.status === 401) reportError(error);
      },
    });
  }, [settledText, runQuote, t]);
  // Only the answer for the lines on screen counts.
  const fresh = bodyText !== '' && priced.text === bodyText;
  const quote = fresh ? priced.quote : null;
  const quoteError = fresh ? priced.error : null;

  const save = useMutation({
    mutationFn: (choice: ApprovalChoice | null) => {
      if (!body) throw new Error('no order');
      return createOrder(
        {
          ...body,
          consultant: attribution.consultant,
          online_consultant: attribution.online_consultant,
          doctor: attribution.doctor,
          visit,
          consultation,
          note: attribution.note.trim(),
          approver_username: '',
          approver_password: '',
          request_approval: false,
          approval_reason: '',
          ...(choice ?? {}),
        },
        key,
      );
    },
    meta: { inlineError: true },
    onSuccess: async (order) => {
      setApprovalOpen(false);
      setSaved(order);
      renewKey();
      void message.success(t('pages.sales.order.saved', { number: order.number }));
      await queryClient.invalidateQueries({ queryKey: salesKeys.orders });
      await queryClient.invalidateQueries({ queryKey: customerKeys.overview(order.customer.id) });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'discount_over_limit') setApprovalOpen(true);
      reportError(error);
    },
  });

  const addLine = (option: CatalogOption) =>
    setLines((current) => [
      ...current,
      {
        key: `${option.kind}-${option.id}-${Date.now()}`,
        kind: option.kind,
        id: option.id,
        code: option.code,
        name: option.name,
        unit: option.unit,
        price_amount: option.price_amount,
        quantity: 1,
        discount: NO_DISCOUNT,
      },
    ]);
  const updateLine = (index: number, patch: Partial<LineDraft>) =>
    setLines((current) => current.map((line, at) => (at === index ? { ...line, ...patch } : line)));

  const submit = () => (quote?.needs_approval ? setApprovalOpen(true) : save.mutate(null));
  const reset = () => {
    setSaved(null);
    setLines([]);
    setOrderDiscount(NO_DISCOUNT);
    setChanged((current) => ({ ...current, doctor: null, note: '' }));
  };

  if (saved) {
    return (
      <PageContainer title={t('menu.sales.orderNew')}>
        <Result
          status="success"
          title={t('pages.sales.order.saved', { number: saved.number })}
          subTitle={
            <Space direction="vertical" size={4}>
              <span data-testid="order-saved-total">
                {t('pages.sales.order.total')}: <Typography.Text strong>{formatMoney(saved.total_amount)}</Typography.Text>
              </span>
              <Space>
                <OrderStatusTag status={saved.status} />
                <DiscountStatusTag status={saved.discount_status} />
              </Space>
            </Space>
          }
          extra={[
            access.canTakePayment && (
              <Button key="pay" type="primary" onClick={() => void navigate(`/sales/cashier?order=${saved.id}`)} data-testid="order-to-cashier">
                {t('pages.sales.order.toCashier')}
              </Button>
            ),
            <Button key="again" onClick={reset}>
              {t('pages.sales.order.again')}
            </Button>,
            access.canViewCustomer && (
              <Button key="customer" onClick={() => void navigate(`/customers/${saved.customer.id}`)}>
                {t('pages.sales.order.toCustomer')}
              </Button>
            ),
          ]}
        />
        <Descriptions size="small" column={1} bordered>
          {saved.lines.map((line) => (
            <Descriptions.Item key={line.id} label={`${line.name} × ${line.quantity}`}>
              {formatMoney(line.total_amount)}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('pages.sales.order.listAmount')}>{formatMoney(saved.list_amount)}</Descriptions.Item>
          <Descriptions.Item label={t('pages.sales.order.discountAmount')}>{formatMoney(saved.discount_amount)}</Descriptions.Item>
        </Descriptions>
      </PageContainer>
    );
  }

  const initialCustomer = customer.data ? { id: customer.data.id, name: customer.data.name } : null;
  return (
    <PageContainer title={t('menu.sales.orderNew')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Form layout="vertical">
            <Form.Item label={t('pages.sales.order.customer')} required>
              <CustomerSelect
                value={customerId}
                initialOption={initialCustomer}
                onChange={(next) => {
                  setCustomerId(next);
                  setChanged({});
                }}
                data-testid="order-customer"
              />
              {customer.data && (
                <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }} data-testid="order-customer-tier">
                  {customer.data.tier ? t('pages.sales.order.tier', { tier: customer.data.tier.name }) : t('pages.sales.order.noTier')}
                </Typography.Text>
              )}
            </Form.Item>
            <Form.Item label={t('pages.sales.order.lines')} required>
              <CatalogPicker onPick={addLine} />
            </Form.Item>
          </Form>
          {lines.length === 0 ? (
            <Empty description={t('pages.sales.order.noLines')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <Flex vertical gap={8} data-testid="order-lines">
              {lines.map((line, index) => {
                const priced = fresh ? quote?.lines[index] : undefined;
                return (
                  <Card key={line.key} size="small" data-testid={`order-line-${index}`}>
                    <Flex justify="space-between" align="start" gap={8}>
                      <div style={{ minWidth: 0 }}>
                        <Tag>{kindLabel(line.kind)}</Tag>
                        <Typography.Text strong>{line.name}</Typography.Text>
                        <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                          {line.code}
                        </Typography.Text>
                        <div>
                          <Typography.Text type="secondary">
                            {t('pages.sales.order.listPrice')} {formatMoney(line.price_amount)}
                          </Typography.Text>
                          {priced && priced.member_unit_price_amount !== priced.unit_price_amount && (
                            <Typography.Text type="success" style={{ marginInlineStart: 8 }} data-testid="member-price">
                              {t('pages.sales.order.memberPrice')} {formatMoney(priced.member_unit_price_amount)}
                            </Typography.Text>
                          )}
                        </div>
                      </div>
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('common.delete')}
                        onClick={() => setLines((current) => current.filter((_, at) => at !== index))}
                      />
                    </Flex>
                    <Flex gap={12} wrap align="center" style={{ marginTop: 8 }}>
                      <Space>
                        <Typography.Text>{t('pages.sales.order.quantity')}</Typography.Text>
                        <InputNumber
                          min={1}
                          max={999}
                          precision={0}
                          value={line.quantity}
                          onChange={(value) => updateLine(index, { quantity: value ?? 1 })}
                          style={{ width: 80 }}
                          data-testid={`order-line-${index}-quantity`}
                        />
                        <Typography.Text type="secondary">{line.unit}</Typography.Text>
                      </Space>
                      <Typography.Text strong style={{ marginInlineStart: 'auto' }} data-testid={`order-line-${index}-total`}>
                        {priced ? formatMoney(priced.total_amount) : '…'}
                      </Typography.Text>
                    </Flex>
                    <div style={{ marginTop: 8 }}>
                      <DiscountEditor value={line.discount} onChange={(discount) => updateLine(index, { discount })} testId={`order-line-${index}-discount`} />
                    </div>
                  </Card>
                );
              })}
            </Flex>
          )}
        </Col>
        <Col xs={24} lg={9}>
          <Flex vertical gap={12} style={{ position: 'sticky', top: 16 }}>
            <Card size="small" title={t('pages.sales.order.orderDiscount')}>
              <DiscountEditor value={orderDiscount} onChange={setOrderDiscount} testId="order-discount" />
            </Card>
            <Card size="small" title={t('pages.sales.order.summary')} data-testid="order-summary">
              {quoteError && <Alert type="error" showIcon title={quoteError} style={{ marginBottom: 8 }} data-testid="quote-error" />}
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('pages.sales.order.listAmount')}>{quote && fresh ? formatMoney(quote.list_amount) : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('pages.sales.order.discountAmount')}>
                  {quote && fresh ? formatMoney(quote.discount_amount) : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('pages.sales.order.total')}>
                  <Typography.Text strong style={{ fontSize: 18 }} data-testid="order-total">
                    {quote && fresh ? formatMoney(quote.total_amount) : '—'}
                  </Typography.Text>
                </Descriptions.Item>
                {quote?.lowest_manual_rate && (
                  <Descriptions.Item label={t('pages.sales.order.lowestRate')}>
                    {rate(quote.lowest_manual_rate)} / {t('pages.sales.order.myLimit')} {rate(quote.my_limit_rate)}
                  </Descriptions.Item>
                )}
              </Descriptions>
              {quote?.needs_approval && fresh && (
                <Alert type="warning" showIcon title={t('pages.sales.order.needsApproval')} data-testid="needs-approval" />
              )}
            </Card>
            <Card size="small" title={t('pages.sales.order.attribution')}>
              <Form layout="vertical">
                <Form.Item label={t('pages.sales.order.consultant')} style={{ marginBottom: 8 }}>
                  <StaffSelect
                    position={STAFF_POSITIONS.consultant}
                    value={attribution.consultant}
                    initialOptions={[customer.data?.consultant ?? null]}
                    onChange={(value) => setAttribution({ consultant: (value as number | null) ?? null })}
                  />
                </Form.Item>
                <Form.Item label={t('pages.sales.order.onlineConsultant')} style={{ marginBottom: 8 }}>
                  <StaffSelect
                    position={STAFF_POSITIONS.onlineConsultant}
                    value={attribution.online_consultant}
                    initialOptions={[customer.data?.online_consultant ?? null]}
                    onChange={(value) => setAttribution({ online_consultant: (value as number | null) ?? null })}
                  />
                </Form.Item>
                <Form.Item label={t('pages.sales.order.doctor')} style={{ marginBottom: 8 }}>
                  <StaffSelect
                    position={STAFF_POSITIONS.doctor}
                    value={attribution.doctor}
                    onChange={(value) => setAttribution({ doctor: (value as number | null) ?? null })}
                  />
                </Form.Item>
                <Form.Item label={t('pages.sales.order.note')} style={{ marginBottom: 0 }}>
                  <Input.TextArea
                    maxLength={500}
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    value={attribution.note}
                    onChange={(event) => setAttribution({ note: event.target.value })}
                  />
                </Form.Item>
              </Form>
            </Card>
            <Divider style={{ margin: 0 }} />
            <Button
              type="primary"
              size="large"
              block
              disabled={!body || !quote || !fresh}
              loading={save.isPending}
              onClick={submit}
              data-testid="order-submit"
            >
              {t('pages.sales.order.submit')}
            </Button>
          </Flex>
        </Col>
      </Row>
      <ApprovalModal
        open={approvalOpen}
        lowestRate={quote?.lowest_manual_rate ?? null}
        myLimit={quote?.my_limit_rate ?? null}
        saving={save.isPending}
        onCancel={() => setApprovalOpen(false)}
        onSubmit={(choice) => save.mutate(choice)}
      />
    </PageContainer>
  );
}
