/** Pieces of a deduction shown on the treatment pages and in the 360° view. */
import { Flex, Image, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatMoney } from '../../../utils/money';
import type { Deduction, DeductionOperator } from '../service';

export function DeductionStatusTag({ deduction }: { deduction: Pick<Deduction, 'status'> }) {
  const { t } = useTranslation();
  return deduction.status === 'reversed' ? (
    <Tag color="default">{t('pages.treatment.status.reversed')}</Tag>
  ) : (
    <Tag color="success">{t('pages.treatment.status.done')}</Tag>
  );
}

/** 张三（护士）, one line per operator; with `amounts`, the fee and the consumption performance credited. */
export function OperatorList({ operators, amounts = false }: { operators: readonly DeductionOperator[]; amounts?: boolean }) {
  const { t } = useTranslation();
  if (operators.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      {operators.map((operator) => (
        <span key={operator.id} data-testid="deduction-operator">
          {operator.staff.name}
          {operator.position_name && <Typography.Text type="secondary">（{operator.position_name}）</Typography.Text>}
          {amounts && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              {t('pages.treatment.operator.amounts', {
                fee: formatMoney(operator.fee_amount),
                performance: formatMoney(operator.performance_amount),
              })}
            </Typography.Text>
          )}
        </span>
      ))}
    </Flex>
  );
}

/** The customer's signature, fetched through the permission-checked endpoint (same-origin session cookie). */
export function SignatureImage({ deduction, height = 48 }: { deduction: Pick<Deduction, 'id' | 'signature_url'>; height?: number }) {
  const { t } = useTranslation();
  return (
    <Image
      src={deduction.signature_url}
      alt={t('pages.treatment.signature.label')}
      height={height}
      style={{ background: '#fff', border: '1px solid #f0f0f0', borderRadius: 4, objectFit: 'contain', maxWidth: '100%' }}
      data-testid={`signature-${deduction.id}`}
    />
  );
}
