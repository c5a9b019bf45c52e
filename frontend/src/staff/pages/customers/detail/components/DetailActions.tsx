import { AccountBookOutlined, EditOutlined, FileProtectOutlined, LoginOutlined, MedicineBoxOutlined, MergeCellsOutlined, MessageOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { useAccess } from '../../../../session/useMe';
import type { Customer } from '../../shared/service';
import { ConsentDrawer } from './ConsentDrawer';
import { MergeModal } from './MergeModal';

/** What can be done with the file from here, each button only for staff holding its permission. */
export function DetailActions({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const { state } = useLocation();
  const phone = useLayoutMode() === 'phone';
  const [dialog, setDialog] = useState<'merge' | 'consents' | null>(null);
  const open = !customer.merged_into;
  const size = phone ? 'small' : 'middle';

  return (
    <Flex gap={8} wrap data-testid="customer-actions">
      {open && access.canChangeCustomer && (
        <Button size={size} type="primary" icon={<EditOutlined />} onClick={() => void navigate(`/customers/${customer.id}/edit`, { state })}>
          {t('pages.customers.detail.action.edit')}
        </Button>
      )}
      {open && access.canAddVisit && (
        <Button size={size} icon={<LoginOutlined />} onClick={() => void navigate(`/reception/waiting?checkin=${customer.id}`)}>
          {t('pages.customers.detail.action.checkIn')}
        </Button>
      )}
      {open && access.canAddConsultation && (
        <Button size={size} icon={<MessageOutlined />} onClick={() => void navigate(`/reception/consultation?customer=${customer.id}`)}>
          {t('pages.customers.detail.action.consultation')}
        </Button>
      )}
      {open && access.canAddDeduction && (
        <Button
          size={size}
          icon={<MedicineBoxOutlined />}
          onClick={() => void navigate(`/treatment/deduct?customer=${customer.id}`)}
          data-testid="customer-deduct"
        >
          {t('pages.customers.detail.action.deduct')}
        </Button>
      )}
      {open && access.canAddOrder && (
        <Button size={size} icon={<AccountBookOutlined />} onClick={() => void navigate(`/sales/orders/new?customer=${customer.id}`)} data-testid="customer-new-order">
          {t('pages.sales.action.newOrder')}
        </Button>
      )}
      <Button size={size} icon={<FileProtectOutlined />} onClick={() => setDialog('consents')} data-testid="customer-consents">
        {t('pages.customers.detail.action.consents')}
      </Button>
      {open && access.canMergeCustomer && (
        <Button size={size} danger icon={<MergeCellsOutlined />} onClick={() => setDialog('merge')} data-testid="customer-merge">
          {t('pages.customers.detail.action.merge')}
        </Button>
      )}
      {dialog === 'merge' && <MergeModal target={customer} onClose={() => setDialog(null)} />}
      <ConsentDrawer customer={customer} open={dialog === 'consents'} onClose={() => setDialog(null)} />
    </Flex>
  );
}
