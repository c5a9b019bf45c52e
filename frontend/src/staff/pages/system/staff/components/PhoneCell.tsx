import { useMutation } from '@tanstack/react-query';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { unmaskStaffPhone } from '../service';

interface PhoneCellProps {
  staffId: number;
  masked: string;
  canUnmask: boolean;
}

/** The masked number, and for users allowed to, a button that fetches the full one (logged by the server). */
export function PhoneCell({ staffId, masked, canUnmask }: PhoneCellProps) {
  const { t } = useTranslation();
  const unmask = useMutation({ mutationFn: () => unmaskStaffPhone(staffId) });

  if (unmask.data) return <Typography.Text copyable>{unmask.data}</Typography.Text>;
  if (!masked) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Space size={4}>
      <span>{masked}</span>
      {canUnmask && (
        <Button type="link" size="small" loading={unmask.isPending} onClick={() => unmask.mutate()} style={{ padding: 0 }}>
          {t('pages.system.staff.unmask')}
        </Button>
      )}
    </Space>
  );
}
