import { WarningFilled } from '@ant-design/icons';
import { Alert, Avatar, Card, Descriptions, Flex, Tag, Tooltip, Typography, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { currentLanguage } from '@/locales';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { useAccess } from '../../../../session/useMe';
import { formatDateTime } from '../../../../utils/time';
import { useCustomerLabels } from '../../shared/labels';
import { lunarBirthday } from '../../shared/lunar';
import { SensitiveNumbers } from '../../shared/SensitiveNumbers';
import type { Customer } from '../../shared/service';
import { TagList } from '../../shared/TagList';

const AVATAR_COLORS = { female: '#eb2f96', male: '#1677ff', unknown: '#8c8c8c' } as const;

/** The top of the 360° view: who the customer is, how to reach them, who looks after them, what to watch. */
export function HeaderCard({ customer, actions }: { customer: Customer; actions: ReactNode }) {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useCustomerLabels();
  const mode = useLayoutMode();
  const phone = mode === 'phone';
  // Under desktop width the buttons get their own row, so the name is never squeezed beside them.
  const stacked = mode !== 'desktop';
  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const unassigned = <Typography.Text type="secondary">{t('pages.customers.detail.noConsultant')}</Typography.Text>;
  const english = currentLanguage() === 'en-US';

  const consent = (granted: boolean, at: string | null, label: string) => (
    <Tooltip title={granted && at ? t('pages.customers.detail.consent.at', { time: formatDateTime(at) }) : undefined}>
      <Tag color={granted ? 'success' : 'default'} style={{ marginInlineEnd: 0 }}>
        {label} · {granted ? t('pages.customers.detail.consent.granted') : t('pages.customers.detail.consent.notGranted')}
      </Tag>
    </Tooltip>
  );

  const birthday = [
    customer.birthday,
    customer.lunar_birth_month && customer.lunar_birth_day
      ? `${t('pages.customers.field.lunarBirthday')} ${lunarBirthday(customer.lunar_birth_month, customer.lunar_birth_day, customer.lunar_birth_leap, english)}`
      : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const referrer = customer.referrer_customer ? (
    <Link to={`/customers/${customer.referrer_customer.id}`}>{customer.referrer_customer.name}</Link>
  ) : (
    customer.referrer_staff?.name
  );

  const items: DescriptionsProps['items'] = [
    {
      key: 'phone',
      label: t('pages.customers.field.phone'),
      children: (
        <SensitiveNumbers
          customerId={customer.id}
          maskedPhone={customer.phone}
          maskedIdNumber={customer.id_number}
          canUnmask={access.canUnmaskCustomer}
        />
      ),
    },
    { key: 'consultant', label: t('pages.customers.field.consultant'), children: customer.consultant?.name ?? unassigned },
    { key: 'online', label: t('pages.customers.field.onlineConsultant'), children: customer.online_consultant?.name ?? unassigned },
    { key: 'source', label: t('pages.customers.field.source'), children: customer.source?.name ?? none },
    { key: 'birthday', label: t('pages.customers.field.birthday'), children: birthday || none },
    { key: 'card', label: t('pages.customers.field.cardNumber'), children: customer.card_number || none },
    ...(referrer ? [{ key: 'referrer', label: t('pages.customers.field.referrer'), children: referrer }] : []),
    {
      key: 'wechat',
      label: t('pages.customers.field.wechat'),
      children: customer.wechat_bound ? t('pages.customers.field.wechat.bound') : t('pages.customers.field.wechat.unbound'),
    },
    ...(customer.org_unit ? [{ key: 'unit', label: t('pages.customers.field.orgUnit'), children: customer.org_unit.name }] : []),
    ...(customer.legacy_id ? [{ key: 'legacy', label: t('pages.customers.field.legacyId'), children: customer.legacy_id }] : []),
    {
      key: 'created',
      label: t('pages.customers.field.createdAt'),
      children: [formatDateTime(customer.created_at, 'YYYY-MM-DD'), customer.created_by?.name].filter(Boolean).join(' · '),
    },
    {
      key: 'consents',
      label: t('pages.customers.field.consents'),
      span: phone ? 1 : 2,
      children: (
        <Flex gap={4} wrap>
          {consent(customer.marketing_consent, customer.marketing_consent_at, labels.consentKind('marketing'))}
          {consent(customer.photo_consent, customer.photo_consent_at, labels.consentKind('case_photos'))}
        </Flex>
      ),
    },
  ];

  return (
    <Card variant="borderless" size={phone ? 'small' : 'medium'} data-testid="customer-header">
      <Flex vertical gap={12}>
        <Flex gap={12} align={stacked ? 'flex-start' : 'center'} vertical={stacked} justify="space-between">
          <Flex gap={12} align="center" style={{ minWidth: 0 }}>
            <Avatar size={phone ? 48 : 56} style={{ background: AVATAR_COLORS[customer.gender], flex: 'none', fontSize: phone ? 20 : 24 }}>
              {customer.name.slice(0, 1)}
            </Avatar>
            <Flex vertical gap={4} style={{ minWidth: 0 }}>
              <Flex align="center" gap={8} wrap>
                <Typography.Title level={4} style={{ margin: 0 }} data-testid="customer-name">
                  {customer.name}
                </Typography.Title>
                {customer.tier && <Tag color="gold">{customer.tier.name}</Tag>}
                {!customer.is_active && <Tag>{t('pages.customers.detail.inactive')}</Tag>}
              </Flex>
              <Typography.Text type="secondary">
                {[labels.genderAge(customer.gender, customer.age), t('pages.customers.fileNumber', { id: customer.id })].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Flex>
          </Flex>
          {actions}
        </Flex>

        {(customer.allergies || customer.contraindications) && (
          <Alert
            type="error"
            showIcon
            icon={<WarningFilled />}
            data-testid="customer-health-alert"
            title={
              <Flex vertical gap={2}>
                {customer.allergies && <Typography.Text strong type="danger">{t('pages.customers.detail.alert.allergies', { text: customer.allergies })}</Typography.Text>}
                {customer.contraindications && (
                  <Typography.Text strong type="danger">{t('pages.customers.detail.alert.contraindications', { text: customer.contraindications })}</Typography.Text>
                )}
              </Flex>
            }
          />
        )}

        <TagList tags={customer.tags} />

        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={items} />
        {customer.notes && (
          <Typography.Paragraph type="secondary" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
            {t('pages.customers.field.notes')}：{customer.notes}
          </Typography.Paragraph>
        )}
      </Flex>
    </Card>
  );
}
