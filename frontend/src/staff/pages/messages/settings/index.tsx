import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Divider, Flex, Form, Input, InputNumber, Radio, Skeleton, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

import { PageContainer } from '../../../components/PageContainer';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { applyFieldErrors } from '../../../utils/formErrors';
import { getNotifySettings, messageKeys, saveNotifySettings, type NotifySettings, type NotifySettingsInput } from '../service';

type Order = 'wechat,sms' | 'sms,wechat' | 'sms' | 'wechat';
const ORDERS: Order[] = ['wechat,sms', 'sms,wechat', 'sms', 'wechat'];

interface SettingsForm {
  order: Order;
  sms_provider: NotifySettings['sms_provider'];
  aliyun_access_key_id: string;
  aliyun_access_key_secret: string;
  aliyun_sign_name: string;
  tencent_secret_id: string;
  tencent_secret_key: string;
  tencent_sdk_app_id: string;
  tencent_sign_name: string;
  tencent_region: string;
  wechat_app_id: string;
  wechat_app_secret: string;
  window: [Dayjs, Dayjs];
  max_attempts: number;
  backoff_seconds: number;
}

function toForm(settings: NotifySettings): SettingsForm {
  const order = ((settings.channel_order ?? []).join(',') || 'wechat,sms') as Order;
  return {
    order: ORDERS.includes(order) ? order : 'wechat,sms',
    sms_provider: settings.sms_provider ?? 'none',
    aliyun_access_key_id: settings.aliyun_access_key_id ?? '',
    aliyun_access_key_secret: '',
    aliyun_sign_name: settings.aliyun_sign_name ?? '',
    tencent_secret_id: settings.tencent_secret_id ?? '',
    tencent_secret_key: '',
    tencent_sdk_app_id: settings.tencent_sdk_app_id ?? '',
    tencent_sign_name: settings.tencent_sign_name ?? '',
    tencent_region: settings.tencent_region ?? '',
    wechat_app_id: settings.wechat_app_id ?? '',
    wechat_app_secret: '',
    window: [dayjs(settings.marketing_window_start, 'HH:mm'), dayjs(settings.marketing_window_end, 'HH:mm')],
    max_attempts: settings.max_attempts ?? 5,
    backoff_seconds: settings.backoff_seconds ?? 60,
  };
}

function toInput(values: SettingsForm): NotifySettingsInput {
  const { order, window, ...rest } = values;
  return {
    ...rest,
    channel_order: order.split(',') as NotifySettingsInput['channel_order'],
    marketing_window_start: window[0].format('HH:mm'),
    marketing_window_end: window[1].format('HH:mm'),
  };
}

/** 渠道设置: which channel a message takes, the SMS provider and the WeChat service account, marketing hours and
 * the retry policy. Secrets are write-only: leave a secret empty to keep the one saved. */
export default function NotifySettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = useLayoutMode() === 'phone';
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SettingsForm>();
  const provider = Form.useWatch('sms_provider', form);
  const settings = useQuery({ queryKey: messageKeys.settings, queryFn: getNotifySettings });
  const save = useMutation({
    mutationFn: (values: SettingsForm) => saveNotifySettings(toInput(values)),
    onSuccess: async (saved) => {
      void message.success(t('common.saved'));
      queryClient.setQueryData(messageKeys.settings, saved);
      form.setFieldsValue(toForm(saved));
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const data = settings.data;
  const secretPlaceholder = (set: boolean | undefined) => (set ? t('pages.messages.settings.secretSet') : t('pages.messages.settings.secretEmpty'));
  return (
    <PageContainer title={t('menu.messages.settings')}>
      {!data ? (
        <Skeleton active />
      ) : (
        <Form<SettingsForm>
          form={form}
          layout={phone ? 'vertical' : 'horizontal'}
          labelCol={phone ? undefined : { span: 6 }}
          wrapperCol={phone ? undefined : { span: 14 }}
          initialValues={toForm(data)}
          onFinish={(values) => save.mutate(values)}
          style={{ maxWidth: 900 }}
        >
          <Flex gap={8} wrap style={{ marginBottom: 16 }}>
            <Tag color={data.sms_configured ? 'success' : 'default'}>
              {data.sms_configured ? t('pages.messages.settings.smsReady') : t('pages.messages.settings.smsNotReady')}
            </Tag>
            <Tag color={data.wechat_configured ? 'success' : 'default'}>
              {data.wechat_configured ? t('pages.messages.settings.wechatReady') : t('pages.messages.settings.wechatNotReady')}
            </Tag>
          </Flex>
          {!data.sms_configured && !data.wechat_configured && (
            <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('pages.messages.settings.consoleMode')} />
          )}
          <Form.Item name="order" label={t('pages.messages.settings.order')} extra={t('pages.messages.settings.orderHelp')}>
            <Radio.Group options={ORDERS.map((value) => ({ value, label: t(`pages.messages.settings.orders.${value}`) }))} />
          </Form.Item>

          <Divider titlePlacement="start">{t('pages.messages.settings.sms')}</Divider>
          <Form.Item name="sms_provider" label={t('pages.messages.settings.provider')}>
            <Radio.Group
              options={(['none', 'aliyun', 'tencent'] as const).map((value) => ({ value, label: t(`pages.messages.settings.providers.${value}`) }))}
            />
          </Form.Item>
          {provider === 'aliyun' && (
            <>
              <Form.Item name="aliyun_access_key_id" label="AccessKey ID">
                <Input maxLength={128} autoComplete="off" />
              </Form.Item>
              <Form.Item name="aliyun_access_key_secret" label="AccessKey Secret">
                <Input.Password maxLength={200} autoComplete="new-password" placeholder={secretPlaceholder(data.aliyun_access_key_secret_set)} />
              </Form.Item>
              <Form.Item name="aliyun_sign_name" label={t('pages.messages.settings.signName')}>
                <Input maxLength={64} />
              </Form.Item>
            </>
          )}
          {provider === 'tencent' && (
            <>
              <Form.Item name="tencent_secret_id" label="SecretId">
                <Input maxLength={128} autoComplete="off" />
              </Form.Item>
              <Form.Item name="tencent_secret_key" label="SecretKey">
                <Input.Password maxLength={200} autoComplete="new-password" placeholder={secretPlaceholder(data.tencent_secret_key_set)} />
              </Form.Item>
              <Form.Item name="tencent_sdk_app_id" label="SmsSdkAppId">
                <Input maxLength={32} />
              </Form.Item>
              <Form.Item name="tencent_sign_name" label={t('pages.messages.settings.signName')}>
                <Input maxLength={64} />
              </Form.Item>
              <Form.Item name="tencent_region" label={t('pages.messages.settings.region')}>
                <Input maxLength={32} placeholder="ap-guangzhou" />
              </Form.Item>
            </>
          )}

          <Divider titlePlacement="start">{t('pages.messages.settings.wechat')}</Divider>
          <Form.Item name="wechat_app_id" label="AppID">
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item name="wechat_app_secret" label="AppSecret">
            <Input.Password maxLength={200} autoComplete="new-password" placeholder={secretPlaceholder(data.wechat_app_secret_set)} />
          </Form.Item>

          <Divider titlePlacement="start">{t('pages.messages.settings.policy')}</Divider>
          <Form.Item
            name="window"
            label={t('pages.messages.settings.window')}
            extra={t('pages.messages.settings.windowHelp')}
            rules={[{ required: true, message: t('pages.messages.settings.windowRequired') }]}
          >
            <TimePicker.RangePicker format="HH:mm" minuteStep={5} order />
          </Form.Item>
          <Form.Item name="max_attempts" label={t('pages.messages.settings.maxAttempts')} rules={[{ required: true }]}>
            <InputNumber min={1} max={20} precision={0} />
          </Form.Item>
          <Form.Item
            name="backoff_seconds"
            label={t('pages.messages.settings.backoff')}
            extra={t('pages.messages.settings.backoffHelp')}
            rules={[{ required: true }]}
          >
            <InputNumber min={5} max={3600} precision={0} addonAfter={t('pages.messages.settings.seconds')} />
          </Form.Item>
          <Form.Item wrapperCol={phone ? undefined : { offset: 6, span: 14 }}>
            <Flex gap={8} align="center" wrap>
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="notify-settings-save">
                {t('common.save')}
              </Button>
              <Typography.Text type="secondary">{t('pages.messages.settings.secretNote')}</Typography.Text>
            </Flex>
          </Form.Item>
        </Form>
      )}
    </PageContainer>
  );
}
