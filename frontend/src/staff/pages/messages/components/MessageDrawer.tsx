import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Collapse, Descriptions, Drawer, Empty, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { formatDateTime, DATE_TIME_SECONDS_FORMAT } from '../../../utils/time';
import {
  canCancel,
  canRetry,
  cancelMessage,
  getMessage,
  messageKeys,
  retryMessage,
  type MessageAttempt,
  type MessageDetail,
} from '../service';
import { CancelModal } from './CancelModal';
import { ChannelTag, MessageStatusTag } from './labels';

const OUTCOME_COLORS: Record<string, string> = {
  sent: 'success',
  recovered: 'success',
  retry: 'warning',
  failed: 'error',
  ambiguous: 'warning',
  interrupted: 'warning',
  stale: 'default',
};

interface WechatField {
  value?: string;
}

/** What the customer reads: the text as rendered when the message was decided (and the WeChat fields). */
function RenderedMessage({ message }: { message: MessageDetail }) {
  const { t } = useTranslation();
  const payload = (message.payload ?? {}) as { data?: Record<string, WechatField>; template_id?: string };
  const fields = message.channel === 'wechat' ? Object.entries(payload.data ?? {}) : [];
  return (
    <Flex vertical gap={8}>
      <Typography.Paragraph
        style={{ whiteSpace: 'pre-wrap', margin: 0, padding: 12, background: 'rgba(0,0,0,0.03)', borderRadius: 8 }}
        data-testid="message-text"
      >
        {message.text || t('pages.messages.detail.noText')}
      </Typography.Paragraph>
      {fields.length > 0 && (
        <Descriptions size="small" column={1} bordered title={t('pages.messages.detail.wechatFields')}>
          {fields.map(([key, field]) => (
            <Descriptions.Item key={key} label={key}>
              {field?.value ?? ''}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {payload.template_id && (
        <Typography.Text type="secondary">
          {t('pages.messages.detail.templateId')}：{payload.template_id}
        </Typography.Text>
      )}
    </Flex>
  );
}

function Attempts({ rows }: { rows: MessageAttempt[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.messages.detail.noAttempts')} />;
  return (
    <Table<MessageAttempt>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      data-testid="message-attempts"
      expandable={{
        rowExpandable: (row) => Object.keys(row.raw_reply ?? {}).length > 0,
        expandedRowRender: (row) => (
          <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>
            {JSON.stringify(row.raw_reply, null, 2)}
          </pre>
        ),
      }}
      columns={[
        { title: '#', dataIndex: 'number', width: 48 },
        { title: t('pages.messages.detail.startedAt'), render: (_, row) => formatDateTime(row.started_at, DATE_TIME_SECONDS_FORMAT) },
        {
          title: t('pages.messages.detail.outcome'),
          render: (_, row) => <Tag color={OUTCOME_COLORS[row.outcome] ?? 'default'}>{t(`pages.messages.outcome.${row.outcome}`)}</Tag>,
        },
        {
          title: t('pages.messages.detail.providerReply'),
          render: (_, row) => [row.provider_code, row.provider_message].filter(Boolean).join('：'),
        },
        { title: t('pages.messages.detail.worker'), dataIndex: 'worker' },
      ]}
    />
  );
}

interface MessageDrawerProps {
  messageId: number | null;
  onClose: () => void;
}

/** One message: what the customer reads, where it stands, every try with the provider's answer; 重试 / 取消. */
export function MessageDrawer({ messageId, onClose }: MessageDrawerProps) {
  const { t } = useTranslation();
  const { message: toast } = App.useApp();
  const access = useAccess();
  const phone = useLayoutMode() === 'phone';
  const queryClient = useQueryClient();
  const [cancelling, setCancelling] = useState(false);
  const detail = useQuery({
    queryKey: messageKeys.detail(messageId ?? 0),
    queryFn: () => getMessage(messageId as number),
    enabled: messageId !== null,
  });
  const refresh = async (updated: MessageDetail) => {
    queryClient.setQueryData(messageKeys.detail(updated.id), updated);
    await queryClient.invalidateQueries({ queryKey: ['messages', 'list'] });
  };
  const retry = useMutation({
    mutationFn: (id: number) => retryMessage(id),
    onSuccess: async (updated) => {
      void toast.success(t('pages.messages.retry.done'));
      await refresh(updated);
    },
  });
  const cancel = useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) => cancelMessage(id, reason),
    onSuccess: async (updated) => {
      void toast.success(t('pages.messages.cancel.done'));
      setCancelling(false);
      await refresh(updated);
    },
  });

  const message = detail.data;
  const actions = message && access.canRetryMessage && (
    <Flex gap={8}>
      {canRetry(message) && (
        <Button type="primary" loading={retry.isPending} onClick={() => retry.mutate(message.id)} data-testid="message-retry">
          {t('pages.messages.retry.button')}
        </Button>
      )}
      {canCancel(message) && (
        <Button danger onClick={() => setCancelling(true)} data-testid="message-cancel">
          {t('pages.messages.cancel.button')}
        </Button>
      )}
    </Flex>
  );

  return (
    <Drawer
      open={messageId !== null}
      onClose={onClose}
      width={phone ? '100%' : 720}
      title={message ? `${message.kind_name} · ${message.customer?.name ?? message.recipient}` : t('pages.messages.detail.title')}
      extra={actions}
      destroyOnHidden
      data-testid="message-drawer"
    >
      {detail.isLoading || !message ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          {message.status === 'failed' && message.last_error && (
            <Alert
              type="error"
              showIcon
              message={message.auto_retry ? t('pages.messages.detail.willRetry', { time: formatDateTime(message.next_attempt_at) }) : t('pages.messages.detail.failed')}
              description={message.last_error}
              data-testid="message-error"
            />
          )}
          {(message.status === 'unknown' || message.status === 'skipped' || message.status === 'cancelled' || (message.status === 'pending' && message.status_reason)) &&
            message.status_reason && <Alert type={message.status === 'unknown' ? 'warning' : 'info'} showIcon message={message.status_reason} />}
          <section>
            <Typography.Title level={5}>{t('pages.messages.detail.asSeen')}</Typography.Title>
            <RenderedMessage message={message} />
          </section>
          <Descriptions size="small" column={phone ? 1 : 2} bordered>
            <Descriptions.Item label={t('common.status')}>
              <MessageStatusTag status={message.status} autoRetry={message.auto_retry} />
            </Descriptions.Item>
            <Descriptions.Item label={t('pages.messages.col.channel')}>
              <ChannelTag channel={message.channel} />
            </Descriptions.Item>
            <Descriptions.Item label={t('pages.messages.col.customer')}>
              {message.customer ? <Link to={`/customers/${message.customer.id}`}>{message.customer.name}</Link> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('pages.messages.col.recipient')}>{message.recipient || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('pages.messages.col.kind')}>
              {message.kind_name} <Typography.Text type="secondary">({message.purpose_display})</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('pages.messages.col.attempts')}>{message.attempts}</Descriptions.Item>
            <Descriptions.Item label={t('pages.messages.col.scheduledAt')}>{formatDateTime(message.scheduled_at)}</Descriptions.Item>
            <Descriptions.Item label={t('pages.messages.col.sentAt')}>{formatDateTime(message.sent_at) || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('pages.messages.detail.providerId')}>{message.provider_message_id || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('pages.messages.detail.createdBy')}>
              {message.created_by?.name ?? t('pages.messages.detail.system')} · {formatDateTime(message.created_at)}
            </Descriptions.Item>
          </Descriptions>
          <section>
            <Typography.Title level={5}>{t('pages.messages.detail.attempts')}</Typography.Title>
            <Attempts rows={message.attempt_rows} />
          </section>
          {Object.keys(message.provider_reply ?? {}).length > 0 && (
            <Collapse
              size="small"
              items={[
                {
                  key: 'reply',
                  label: t('pages.messages.detail.lastReply'),
                  children: (
                    <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>
                      {JSON.stringify(message.provider_reply, null, 2)}
                    </pre>
                  ),
                },
              ]}
            />
          )}
        </Flex>
      )}
      <CancelModal
        open={cancelling}
        loading={cancel.isPending}
        onCancel={() => setCancelling(false)}
        onOk={(reason) => message && cancel.mutate({ id: message.id, reason })}
      />
    </Drawer>
  );
}
