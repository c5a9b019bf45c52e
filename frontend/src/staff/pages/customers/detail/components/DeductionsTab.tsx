import { Button, Flex, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useAccess } from '../../../../session/useMe';
import { formatMoney } from '../../../../utils/money';
import { formatDateTime } from '../../../../utils/time';
import { DeductionStatusTag, OperatorList, SignatureImage } from '../../../treatment/components/DeductionParts';
import { ReverseDeductionModal } from '../../../treatment/components/ReverseDeductionModal';
import type { Deduction } from '../../../treatment/service';
import { listCustomerDeductions } from '../salesRecords';
import { RecordTab } from './RecordTab';
import type { TabContentProps } from './tabs';

/** 执行: the customer's deductions with operators and the signature they gave; reversal for those allowed. */
export function DeductionsTab({ customerId }: TabContentProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const [reversing, setReversing] = useState<Deduction | null>(null);
  const item = (row: Deduction) => (
    <Flex vertical>
      <span>
        {row.item_name} × {row.quantity}
      </span>
      {row.card_name && <Typography.Text type="secondary">{row.card_name}</Typography.Text>}
    </Flex>
  );
  const status = (row: Deduction) => (
    <Flex vertical gap={2}>
      <span>
        <DeductionStatusTag deduction={row} />
      </span>
      {row.status === 'reversed' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('pages.treatment.reverse.by', { name: row.reversed_by?.name ?? '', reason: row.reversal_reason })}
        </Typography.Text>
      )}
    </Flex>
  );
  const reverse = (row: Deduction) =>
    access.canReverseDeduction && row.status === 'done' ? (
      <Button type="link" size="small" danger onClick={() => setReversing(row)} data-testid={`reverse-${row.id}`}>
        {t('pages.treatment.reverse.action')}
      </Button>
    ) : null;
  const columns: TableColumnsType<Deduction> = [
    { title: t('pages.treatment.field.performedAt'), key: 'performed_at', render: (_, row) => formatDateTime(row.performed_at) },
    { title: t('pages.treatment.field.item'), key: 'item', render: (_, row) => item(row) },
    { title: t('pages.treatment.field.operators'), key: 'operators', render: (_, row) => <OperatorList operators={row.operators} /> },
    { title: t('pages.treatment.field.signature'), key: 'signature', render: (_, row) => <SignatureImage deduction={row} height={40} /> },
    { title: t('common.status'), key: 'status', render: (_, row) => status(row) },
    { title: t('pages.treatment.field.value'), key: 'value', align: 'right', render: (_, row) => formatMoney(row.value_amount) },
    { title: t('pages.treatment.field.number'), dataIndex: 'number', key: 'number' },
    ...(access.canReverseDeduction ? [{ title: t('common.actions'), key: 'actions', render: (_: unknown, row: Deduction) => reverse(row) }] : []),
  ];
  return (
    <>
      <RecordTab<Deduction>
        kind="deductions"
        customerId={customerId}
        fetchPage={listCustomerDeductions}
        columns={columns}
        renderCard={(row) => (
          <Flex justify="space-between" gap={8}>
            <Flex vertical gap={4} style={{ minWidth: 0 }}>
              <Flex gap={6} align="center" wrap>
                <Typography.Text strong>{formatDateTime(row.performed_at)}</Typography.Text>
                <DeductionStatusTag deduction={row} />
              </Flex>
              {item(row)}
              <OperatorList operators={row.operators} />
              {row.status === 'reversed' && status(row)}
              {reverse(row)}
            </Flex>
            <SignatureImage deduction={row} height={48} />
          </Flex>
        )}
      />
      {reversing && <ReverseDeductionModal deduction={reversing} onClose={() => setReversing(null)} />}
    </>
  );
}
