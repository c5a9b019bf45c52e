import { Button, Descriptions, Flex, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { useAccess } from '../../../../session/useMe';
import { formatMoney } from '../../../../utils/money';
import { formatDateTime } from '../../../../utils/time';
import { OperatorList, SignatureImage } from '../../components/DeductionParts';
import type { DeductionOutcome } from './DeductionForm';

interface DeductionResultProps {
  outcome: DeductionOutcome;
  onAgain: () => void;
  onNextCustomer: () => void;
}

/** Done: what was deducted, what is left, and the operation fees the server worked out. */
export function DeductionResult({ outcome, onAgain, onNextCustomer }: DeductionResultProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const phone = useLayoutMode() === 'phone';
  const { deduction, entitlement } = outcome;
  const left = entitlement?.sessions_remaining;
  return (
    <Result
      status="success"
      title={t('pages.treatment.result.title', { number: deduction.number })}
      subTitle={
        left === undefined
          ? undefined
          : t('pages.treatment.result.remaining', { name: deduction.item_name, count: left, unit: entitlement?.unit || t('pages.treatment.unit.session') })
      }
      extra={
        <Flex gap={8} wrap justify="center">
          <Button type="primary" size="large" onClick={onAgain} data-testid="deduct-again">
            {t('pages.treatment.result.again')}
          </Button>
          <Button size="large" onClick={onNextCustomer}>
            {t('pages.treatment.result.next')}
          </Button>
          {access.canViewCustomer && (
            <Link to={`/customers/${deduction.customer.id}?tab=deductions`}>
              <Button size="large">{t('pages.treatment.result.open360')}</Button>
            </Link>
          )}
        </Flex>
      }
      data-testid="deduct-result"
    >
      <Descriptions column={phone ? 1 : 2} size="small" bordered>
        <Descriptions.Item label={t('pages.treatment.field.customer')}>{deduction.customer.name}</Descriptions.Item>
        <Descriptions.Item label={t('pages.treatment.field.performedAt')}>{formatDateTime(deduction.performed_at)}</Descriptions.Item>
        <Descriptions.Item label={t('pages.treatment.field.item')}>
          {deduction.item_name}
          {deduction.card_name ? ` · ${deduction.card_name}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('pages.treatment.field.quantity')}>{deduction.quantity}</Descriptions.Item>
        <Descriptions.Item label={t('pages.treatment.field.remaining')}>
          <span data-testid="deduct-result-remaining">{left ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('pages.treatment.field.value')}>{formatMoney(deduction.value_amount)}</Descriptions.Item>
        <Descriptions.Item label={t('pages.treatment.field.operators')} span={phone ? 1 : 2}>
          <OperatorList operators={deduction.operators} amounts />
        </Descriptions.Item>
        <Descriptions.Item label={t('pages.treatment.field.signature')} span={phone ? 1 : 2}>
          <SignatureImage deduction={deduction} height={64} />
        </Descriptions.Item>
        {access.canViewMessage && (
          <Descriptions.Item label={t('pages.treatment.field.aftercare')} span={phone ? 1 : 2}>
            <Link to={`/messages?source_type=sales.deduction&source_id=${deduction.id}`} data-testid="deduct-result-messages">
              {t('pages.treatment.result.aftercare')}
            </Link>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Result>
  );
}
