import { Form, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { CustomerSelect } from '../../../customers/shared/CustomerSelect';
import type { CustomerRow } from '../../../customers/shared/service';
import { PaymentModal } from './PaymentModal';

/** 收定金 without an order: pick the customer, then take the money like any payment. */
export function DepositModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [picked, setPicked] = useState<{ id: number; name: string } | null>(null);
  const [confirmed, setConfirmed] = useState(false);

  if (picked && confirmed) {
    return (
      <PaymentModal
        kind="deposit"
        customer={picked}
        onClose={onClose}
        onPaid={(payment) => void navigate(`/sales/receipts/${payment.id}`)}
      />
    );
  }
  return (
    <Modal
      open
      title={t('pages.sales.deposit.title')}
      okText={t('pages.sales.deposit.next')}
      okButtonProps={{ disabled: !picked }}
      onOk={() => setConfirmed(true)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('pages.sales.order.customer')} required>
          <CustomerSelect
            value={picked?.id ?? null}
            onChange={(id, row?: CustomerRow) => setPicked(id && row ? { id, name: row.name } : null)}
            data-testid="deposit-customer"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
