import { useNavigate } from 'react-router';

import { RefundRequestModal } from '../../refunds/components/RefundRequestModal';
import type { Order } from '../../service';
import type { OrderAction } from './OrderDrawer';
import { PaymentModal } from './PaymentModal';
import { VoidModal } from './VoidModal';

export interface PendingAction {
  action: OrderAction;
  order: Pick<Order, 'id' | 'number' | 'customer' | 'outstanding_amount' | 'debt_amount'>;
}

/** The dialog of an order action; a payment ends on its receipt view. */
export function OrderActionsHost({ pending, onClose }: { pending: PendingAction | null; onClose: () => void }) {
  const navigate = useNavigate();
  if (!pending) return null;
  const { action, order } = pending;
  if (action === 'pay' || action === 'repay') {
    return (
      <PaymentModal
        kind={action === 'pay' ? 'sale' : 'repayment'}
        customer={order.customer}
        order={order}
        due={action === 'pay' ? order.outstanding_amount : order.debt_amount}
        onClose={onClose}
        onPaid={(payment) => void navigate(`/sales/receipts/${payment.id}`)}
      />
    );
  }
  if (action === 'void') return <VoidModal order={order} onClose={onClose} />;
  return <RefundRequestModal order={order} onClose={onClose} />;
}
