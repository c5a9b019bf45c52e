import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import type { MessageChannel, MessageStatus } from '../service';

const STATUS_COLORS: Record<MessageStatus, string> = {
  pending: 'processing',
  sending: 'blue',
  sent: 'success',
  failed: 'error',
  unknown: 'warning',
  cancelled: 'default',
  skipped: 'default',
};

const CHANNEL_COLORS: Record<MessageChannel, string> = { sms: 'cyan', wechat: 'green', console: 'purple' };

export function MessageStatusTag({ status, autoRetry = false }: { status: MessageStatus; autoRetry?: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={`message-status-${status}`}>
      {t(`pages.messages.status.${status}`)}
      {autoRetry ? ` · ${t('pages.messages.autoRetry')}` : ''}
    </Tag>
  );
}

export function ChannelTag({ channel }: { channel: MessageChannel }) {
  const { t } = useTranslation();
  return <Tag color={CHANNEL_COLORS[channel]}>{t(`pages.messages.channel.${channel}`)}</Tag>;
}
