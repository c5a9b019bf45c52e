import { CheckCircleFilled } from '@ant-design/icons';
import { Card, Col, Empty, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { entitlementTitle, isDeductible, sortEntitlements } from '../../entitlements';
import type { Entitlement } from '../../service';

interface EntitlementPickerProps {
  entitlements: readonly Entitlement[];
  selected: number | null;
  onSelect: (entitlement: Entitlement) => void;
}

/** Step two: what the customer owns, as big cards to tap; expired ones are greyed out and cannot be chosen. */
export function EntitlementPicker({ entitlements, selected, onSelect }: EntitlementPickerProps) {
  const { t } = useTranslation();
  if (entitlements.length === 0) {
    return <Empty description={t('pages.treatment.deduct.noEntitlements')} data-testid="deduct-no-entitlements" />;
  }
  return (
    <Row gutter={[12, 12]} data-testid="deduct-entitlements">
      {sortEntitlements(entitlements).map((entitlement) => {
        const usable = isDeductible(entitlement);
        const chosen = entitlement.id === selected;
        return (
          <Col key={entitlement.id} xs={24} sm={12} xl={8}>
            <Card
              size="small"
              hoverable={usable}
              onClick={usable ? () => onSelect(entitlement) : undefined}
              aria-disabled={!usable}
              aria-pressed={chosen}
              role="button"
              data-testid={`entitlement-${entitlement.id}`}
              data-usable={usable}
              style={{
                height: '100%',
                minHeight: 96,
                cursor: usable ? 'pointer' : 'not-allowed',
                opacity: usable ? 1 : 0.5,
                background: usable ? undefined : '#fafafa',
                borderColor: chosen ? '#1677ff' : undefined,
                boxShadow: chosen ? '0 0 0 2px rgba(22,119,255,0.2)' : undefined,
              }}
            >
              <Flex vertical gap={4}>
                <Flex justify="space-between" align="start" gap={8}>
                  <Typography.Text strong style={{ fontSize: 16 }}>
                    {entitlementTitle(entitlement)}
                  </Typography.Text>
                  {chosen && <CheckCircleFilled style={{ color: '#1677ff', fontSize: 20 }} />}
                </Flex>
                {entitlement.card_name && !entitlement.is_choice && (
                  <Typography.Text type="secondary">{entitlement.card_name}</Typography.Text>
                )}
                <Flex gap={8} align="baseline" wrap>
                  <Typography.Text style={{ fontSize: 22, fontWeight: 600 }} data-testid={`entitlement-${entitlement.id}-remaining`}>
                    {entitlement.sessions_remaining}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {t('pages.treatment.entitlement.ofTotal', { total: entitlement.sessions_total, unit: entitlement.unit || t('pages.treatment.unit.session') })}
                  </Typography.Text>
                  {entitlement.is_choice && <Tag color="purple">{t('pages.treatment.entitlement.choice')}</Tag>}
                </Flex>
                <Flex gap={8} wrap>
                  {entitlement.expires_on ? (
                    <Tag color={entitlement.is_expired ? 'red' : 'default'}>
                      {entitlement.is_expired
                        ? t('pages.treatment.entitlement.expired', { date: entitlement.expires_on })
                        : t('pages.treatment.entitlement.expires', { date: entitlement.expires_on })}
                    </Tag>
                  ) : (
                    <Tag>{t('pages.treatment.entitlement.noExpiry')}</Tag>
                  )}
                </Flex>
              </Flex>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
