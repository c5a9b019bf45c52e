import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Flex, Popconfirm, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { unmaskCustomer } from './service';

interface SensitiveNumbersProps {
  customerId: number;
  maskedPhone: string;
  maskedIdNumber?: string;
  canUnmask: boolean;
}

/**
 * The masked phone (and ID number) of a customer; staff allowed to can reveal the full numbers after a
 * notice that the server logs every look. Hiding them again keeps nothing in memory longer than needed.
 */
export function SensitiveNumbers({ customerId, maskedPhone, maskedIdNumber, canUnmask }: SensitiveNumbersProps) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const unmask = useMutation({ mutationFn: () => unmaskCustomer(customerId), onSuccess: () => setShown(true) });
  const full = shown ? unmask.data : undefined;
  const phone = full?.phone || maskedPhone;
  const idNumber = full?.id_number || maskedIdNumber;

  const toggle = canUnmask ? (
    full ? (
      <Tooltip title={t('pages.customers.unmask.hide')}>
        <Button
          type="text"
          size="small"
          icon={<EyeInvisibleOutlined />}
          aria-label={t('pages.customers.unmask.hide')}
          onClick={() => {
            setShown(false);
            unmask.reset();
          }}
        />
      </Tooltip>
    ) : (
      <Popconfirm
        title={t('pages.customers.unmask.title')}
        description={t('pages.customers.unmask.notice')}
        okText={t('pages.customers.unmask.confirm')}
        cancelText={t('common.cancel')}
        onConfirm={() => unmask.mutate()}
      >
        <Button
          type="text"
          size="small"
          icon={<EyeOutlined />}
          loading={unmask.isPending}
          aria-label={t('pages.customers.unmask.show')}
          data-testid="customer-unmask"
        />
      </Popconfirm>
    )
  ) : null;

  return (
    <Flex vertical gap={2}>
      <Flex align="center" gap={4} wrap>
        <Typography.Text copyable={Boolean(full?.phone)} data-testid="customer-phone">
          {phone || <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
        </Typography.Text>
        {(maskedPhone || maskedIdNumber) && toggle}
      </Flex>
      {idNumber && (
        <Typography.Text type="secondary" copyable={Boolean(full?.id_number)} style={{ fontSize: 12 }}>
          {t('pages.customers.field.idNumber')} {idNumber}
        </Typography.Text>
      )}
      {full && (
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          {t('pages.customers.unmask.logged')}
        </Typography.Text>
      )}
    </Flex>
  );
}
