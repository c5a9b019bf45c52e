import { SearchOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';

import { ApiError } from '@/api/errors';
import { reportError } from '@/api/reporting';
import { currentLanguage } from '@/locales';

import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { applyFieldErrors } from '../../../utils/formErrors';
import { initialValues, toCreateInput, toPatch, type CustomerFormValues, type CustomerPrefill } from './customerForm';
import { CustomerSelect } from './CustomerSelect';
import { isMainlandMobile, normalizeMobile, parseIdNumber } from './identity';
import { useCustomerLabels } from './labels';
import { lunarDayName, lunarMonthName } from './lunar';
import {
  CONSENT_SOURCES,
  createCustomer,
  customerKeys,
  GENDERS,
  STAFF_POSITIONS,
  updateCustomer,
  useSources,
  type Customer,
} from './service';
import { StaffSelect } from './StaffSelect';
import { TagSelect } from './TagSelect';

interface CustomerFormProps {
  /** The file to edit; absent for a new customer. */
  customer?: Customer;
  prefill?: CustomerPrefill;
}

const CARD_NUMBER = /^[A-Za-z0-9-]*$/;
const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);
const DAYS = Array.from({ length: 30 }, (_, index) => index + 1);

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {title}
      </Typography.Title>
      <Row gutter={16}>{children}</Row>
    </>
  );
}

/**
 * The customer file's form, for a new file and for an edit. Checks what it can before sending (mobile
 * format, ID checksum, birthday and gender against the ID), puts the server's errors under their fields,
 * and on a duplicate phone points to the existing file. After saving it opens the 360° view.
 */
export function CustomerForm({ customer, prefill }: CustomerFormProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const access = useAccess();
  const labels = useCustomerLabels();
  const phone = useLayoutMode() === 'phone';
  const [form] = Form.useForm<CustomerFormValues>();
  const [duplicate, setDuplicate] = useState<{ phone: string } | null>(null);
  const referrerKind = Form.useWatch('referrer_kind', form);
  const { data: sources = [] } = useSources(access.canViewCustomerSettings);
  const english = currentLanguage() === 'en-US';

  const save = useMutation({
    mutationFn: async (values: CustomerFormValues) => {
      if (!customer) return { saved: await createCustomer(toCreateInput(values)), changed: true };
      const patch = toPatch(customer, values);
      if (Object.keys(patch).length === 0) return { saved: customer, changed: false };
      return { saved: await updateCustomer(customer.id, patch), changed: true };
    },
    // Duplicates get their own notice below; every other failure goes through the usual policy.
    meta: { inlineError: true },
    onSuccess: async ({ saved, changed }) => {
      void message.success(t(!changed ? 'pages.customers.form.unchanged' : customer ? 'common.saved' : 'pages.customers.form.created'));
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      // The form leaves the history: "back" from the 360° view goes where the user came from, not to the form.
      await navigate(`/customers/${saved.id}`, { replace: true, state: location.state });
    },
    onError: (error, values) => {
      applyFieldErrors(form, error);
      if (error instanceof ApiError && error.code === 'duplicate_phone') {
        setDuplicate({ phone: normalizeMobile(values.phone ?? '') });
      } else {
        reportError(error);
      }
    },
  });

  const onValuesChange = (changed: Partial<CustomerFormValues>) => {
    if ('phone' in changed) setDuplicate(null);
    if (changed.id_number) {
      // A valid ID number is the best source of the birthday and gender; fill them in for the receptionist.
      const parsed = parseIdNumber(changed.id_number);
      if (parsed.ok) {
        form.setFieldsValue({ birthday: dayjs(parsed.info.birthday), gender: parsed.info.gender });
        void form.validateFields(['birthday', 'gender']);
      }
    }
  };

  const idInfo = (getFieldValue: (name: string) => unknown) => {
    const parsed = parseIdNumber(String(getFieldValue('id_number') ?? ''));
    return parsed.ok ? parsed.info : null;
  };

  const half = { xs: 24, md: 12 };
  const full = { xs: 24 };

  return (
    <Form<CustomerFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues(customer, prefill)}
      onValuesChange={onValuesChange}
      onFinish={(values) => save.mutate(values)}
      scrollToFirstError
      data-testid="customer-form"
    >
      <Section title={t('pages.customers.form.section.basic')}>
        <Col {...half}>
          <Form.Item name="name" label={t('pages.customers.field.name')} rules={[{ required: true, whitespace: true, message: t('pages.customers.form.name.required') }]}>
            <Input maxLength={32} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            name="phone"
            label={t('pages.customers.field.phone')}
            extra={customer?.phone ? t('pages.customers.form.phone.keep', { phone: customer.phone }) : undefined}
            rules={[
              { required: !customer, whitespace: true, message: t('pages.customers.form.phone.required') },
              {
                validator: (_, value?: string) =>
                  !value?.trim() || isMainlandMobile(value) ? Promise.resolve() : Promise.reject(new Error(t('pages.customers.form.phone.invalid'))),
              },
            ]}
          >
            <Input maxLength={20} inputMode="tel" autoComplete="off" />
          </Form.Item>
          {duplicate && (
            // The server's message under the field names the existing file; this is the way to it.
            <Link
              to={`/customers/list?search=${encodeURIComponent(duplicate.phone)}`}
              data-testid="duplicate-search"
              style={{ display: 'inline-block', marginTop: -16, marginBottom: 16 }}
            >
              <SearchOutlined /> {t('pages.customers.form.duplicate.search')}
            </Link>
          )}
        </Col>
        <Col {...half}>
          <Form.Item
            name="id_number"
            label={t('pages.customers.field.idNumber')}
            extra={customer?.id_number ? t('pages.customers.form.idNumber.keep', { idNumber: customer.id_number }) : t('pages.customers.form.idNumber.extra')}
            rules={[
              {
                validator: (_, value?: string) => {
                  if (!value?.trim()) return Promise.resolve();
                  const parsed = parseIdNumber(value);
                  return parsed.ok ? Promise.resolve() : Promise.reject(new Error(t(`pages.customers.form.idNumber.${parsed.problem}`)));
                },
              },
            ]}
          >
            <Input maxLength={20} autoComplete="off" style={{ textTransform: 'uppercase' }} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            name="gender"
            label={t('pages.customers.field.gender')}
            dependencies={['id_number']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: string) => {
                  const info = idInfo(getFieldValue);
                  return !info || value === 'unknown' || value === info.gender
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('pages.customers.form.gender.mismatch')));
                },
              }),
            ]}
          >
            <Radio.Group
              optionType="button"
              options={GENDERS.map((gender) => ({ value: gender, label: labels.gender(gender) }))}
            />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            name="birthday"
            label={t('pages.customers.field.birthday')}
            dependencies={['id_number']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: dayjs.Dayjs | null | undefined) => {
                  if (!value) return Promise.resolve();
                  if (value.isAfter(dayjs(), 'day')) return Promise.reject(new Error(t('pages.customers.form.birthday.future')));
                  const info = idInfo(getFieldValue);
                  return !info || value.format('YYYY-MM-DD') === info.birthday
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('pages.customers.form.birthday.mismatch', { date: info.birthday })));
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isAfter(dayjs(), 'day')} inputReadOnly={phone} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item label={t('pages.customers.field.lunarBirthday')} style={{ marginBottom: 0 }}>
            <Flex gap={8} align="start">
              <Form.Item name="lunar_birth_month" style={{ flex: 1 }}>
                <Select
                  allowClear
                  placeholder={t('pages.customers.field.lunarMonth')}
                  options={MONTHS.map((month) => ({ value: month, label: english ? String(month) : lunarMonthName(month) }))}
                />
              </Form.Item>
              <Form.Item
                name="lunar_birth_day"
                style={{ flex: 1 }}
                dependencies={['lunar_birth_month']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, value?: number | null) =>
                      Boolean(value) === Boolean(getFieldValue('lunar_birth_month'))
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('pages.customers.form.lunar.incomplete'))),
                  }),
                ]}
              >
                <Select
                  allowClear
                  placeholder={t('pages.customers.field.lunarDay')}
                  options={DAYS.map((day) => ({ value: day, label: english ? String(day) : lunarDayName(day) }))}
                />
              </Form.Item>
              <Form.Item name="lunar_birth_leap" valuePropName="checked" style={{ paddingTop: 5 }}>
                <Checkbox>{t('pages.customers.field.lunarLeap')}</Checkbox>
              </Form.Item>
            </Flex>
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            name="card_number"
            label={t('pages.customers.field.cardNumber')}
            rules={[{ pattern: CARD_NUMBER, message: t('pages.customers.form.cardNumber.invalid') }]}
          >
            <Input maxLength={32} autoComplete="off" />
          </Form.Item>
        </Col>
      </Section>

      <Section title={t('pages.customers.form.section.source')}>
        {access.canViewCustomerSettings && (
          <Col {...half}>
            <Form.Item name="source" label={t('pages.customers.field.source')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={sources
                  .filter((source) => source.is_active !== false || source.id === customer?.source?.id)
                  .map((source) => ({ value: source.id, label: source.name }))}
              />
            </Form.Item>
          </Col>
        )}
        <Col {...half}>
          <Form.Item label={t('pages.customers.field.referrer')} style={{ marginBottom: 0 }}>
            <Form.Item name="referrer_kind">
              <Radio.Group
                optionType="button"
                options={(['none', 'customer', 'staff'] as const).map((kind) => ({
                  value: kind,
                  label: t(`pages.customers.field.referrer.${kind}`),
                }))}
              />
            </Form.Item>
            {referrerKind === 'customer' && (
              <Form.Item name="referrer_customer">
                <CustomerSelect initialOption={customer?.referrer_customer} excludeIds={customer ? [customer.id] : []} />
              </Form.Item>
            )}
            {referrerKind === 'staff' && (
              <Form.Item name="referrer_staff">
                <StaffSelect position="" initialOptions={[customer?.referrer_staff ?? null]} />
              </Form.Item>
            )}
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="consultant" label={t('pages.customers.field.consultant')}>
            <StaffSelect position={STAFF_POSITIONS.consultant} initialOptions={[customer?.consultant ?? null]} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="online_consultant" label={t('pages.customers.field.onlineConsultant')}>
            <StaffSelect position={STAFF_POSITIONS.onlineConsultant} initialOptions={[customer?.online_consultant ?? null]} />
          </Form.Item>
        </Col>
      </Section>

      <Section title={t('pages.customers.form.section.health')}>
        <Col {...half}>
          <Form.Item name="allergies" label={t('pages.customers.field.allergies')}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('pages.customers.form.allergies.placeholder')} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="contraindications" label={t('pages.customers.field.contraindications')}>
            <Input.TextArea
              maxLength={500}
              autoSize={{ minRows: 2, maxRows: 5 }}
              placeholder={t('pages.customers.form.contraindications.placeholder')}
            />
          </Form.Item>
        </Col>
      </Section>

      <Section title={t('pages.customers.form.section.other')}>
        {access.canViewCustomerSettings ? (
          <Col {...full}>
            <Form.Item name="tags" label={t('pages.customers.field.tags')}>
              <TagSelect current={customer?.tags} />
            </Form.Item>
          </Col>
        ) : (
          <Col {...full}>
            <Alert type="info" showIcon title={t('pages.customers.form.noReferenceAccess')} style={{ marginBottom: 16 }} />
          </Col>
        )}
        <Col {...full}>
          <Form.Item name="notes" label={t('pages.customers.field.notes')}>
            <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 2, maxRows: 8 }} />
          </Form.Item>
        </Col>
      </Section>

      <Section title={t('pages.customers.form.section.consents')}>
        <Col xs={12} md={6}>
          <Form.Item name="marketing_consent" label={t('pages.customers.field.marketingConsent')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="photo_consent" label={t('pages.customers.field.photoConsent')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="consent_source" label={t('pages.customers.field.consentSource')} extra={t('pages.customers.form.consentSource.extra')}>
            <Select options={CONSENT_SOURCES.map((source) => ({ value: source, label: labels.consentSource(source) }))} />
          </Form.Item>
        </Col>
      </Section>

      {/* On a phone the buttons stack, the one that saves on top under the thumb. */}
      <Flex gap={8} justify="flex-end" style={{ marginTop: 8, flexDirection: phone ? 'column-reverse' : 'row' }}>
        <Button
          onClick={() =>
            void (location.key !== 'default'
              ? navigate(-1)
              : navigate(customer ? `/customers/${customer.id}` : '/customers/list', { replace: true }))
          }
          block={phone}
        >
          {t('common.cancel')}
        </Button>
        <Button type="primary" htmlType="submit" loading={save.isPending} block={phone} data-testid="customer-save">
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}
