import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';

import { applyFieldErrors } from '../../../../utils/formErrors';
import { inputToAmount } from '../../../../utils/money';
import { AmountInput } from '../../components/AmountInput';
import { getSalesSettings, salesKeys, updateSalesSettings, type SalesSettings } from '../../service';

type Values = Pick<SalesSettings, 'consultant_ratio' | 'online_consultant_ratio' | 'doctor_ratio' | 'refund_self_approval_limit_amount'>;

/** 业绩分配 and the refund self-approval limit: one settings row. */
export function SplitTab({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const settings = useQuery({ queryKey: salesKeys.settings, queryFn: getSalesSettings });
  const save = useMutation({
    mutationFn: (values: Values) =>
      updateSalesSettings({ ...values, refund_self_approval_limit_amount: inputToAmount(values.refund_self_approval_limit_amount) }),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: salesKeys.settings });
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  if (!settings.data) return <Skeleton active />;
  const ratio = { pattern: /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, message: t('pages.sales.settings.ratioInvalid') };
  return (
    <Form form={form} layout="vertical" initialValues={settings.data} onFinish={(values) => save.mutate(values)} disabled={!canManage} style={{ maxWidth: 420 }}>
      <Form.Item name="consultant_ratio" label={t('pages.sales.order.consultant')} rules={[{ required: true }, ratio]}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="online_consultant_ratio" label={t('pages.sales.order.onlineConsultant')} rules={[{ required: true }, ratio]}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="doctor_ratio" label={t('pages.sales.order.doctor')} extra={t('pages.sales.settings.ratioHelp')} rules={[{ required: true }, ratio]}>
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="refund_self_approval_limit_amount" label={t('pages.sales.settings.selfApproval')} extra={t('pages.sales.settings.selfApprovalHelp')}>
        <AmountInput />
      </Form.Item>
      {canManage && (
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      )}
    </Form>
  );
}
