import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Drawer, Empty, Flex, List, Popover, Skeleton, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { useMe } from '../session/useMe';
import { formatDateTime } from '../utils/time';
import {
  getUnreadCount,
  internalPath,
  listLatest,
  markAllRead,
  markRead,
  notificationKeys,
  type StaffNotification,
} from './NotificationBell.service';

dayjs.extend(relativeTime);

/** The bell polls once a minute; new follow-ups and releases are not urgent to the second. */
const POLL_MS = 60_000;

/** The header's bell: unread count, the latest notifications, open one (marking it read), 全部已读. */
export function NotificationBell({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  // Until a first or expired password is changed the server answers nothing else: no bell until then.
  const { data: me } = useMe();
  const usable = Boolean(me) && !me?.must_change_password;
  const unread = useQuery({
    queryKey: notificationKeys.unread,
    queryFn: getUnreadCount,
    enabled: usable,
    refetchInterval: POLL_MS,
    staleTime: POLL_MS / 2,
  });
  const latest = useQuery({ queryKey: notificationKeys.latest, queryFn: listLatest, enabled: open, staleTime: 0 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationKeys.all });

  const read = useMutation({ mutationFn: markRead, onSettled: refresh });
  const readAll = useMutation({ mutationFn: markAllRead, onSettled: refresh });

  const openOne = (item: StaffNotification) => {
    if (!item.read_at) read.mutate(item.id);
    const path = internalPath(item.link);
    setOpen(false);
    if (path) void navigate(path);
  };

  if (!usable) return null;
  const count = unread.data ?? 0;
  const readAllButton = (
    <Button type="link" size="small" disabled={count === 0} loading={readAll.isPending} onClick={() => readAll.mutate()} data-testid="notification-read-all">
      {t('layout.notifications.readAll')}
    </Button>
  );
  const list = (
    <>
      {latest.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} style={{ padding: 12 }} />
      ) : (latest.data ?? []).length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('layout.notifications.empty')} />
      ) : (
        <List<StaffNotification>
          dataSource={latest.data}
          style={compact ? undefined : { maxHeight: 420, overflow: 'auto' }}
          renderItem={(item) => (
            <List.Item
              onClick={() => openOne(item)}
              style={{ cursor: 'pointer', paddingInline: 8, background: item.read_at ? undefined : token.colorPrimaryBg }}
              data-testid={`notification-${item.id}`}
            >
              <Flex vertical gap={2} style={{ minWidth: 0, width: '100%' }}>
                <Flex justify="space-between" gap={8}>
                  <Typography.Text strong={!item.read_at} ellipsis>
                    {!item.read_at && <Badge status="processing" />} {item.title}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12, flexShrink: 0 }} title={formatDateTime(item.created_at)}>
                    {dayjs(item.created_at).fromNow()}
                  </Typography.Text>
                </Flex>
                {item.body && (
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 12 }}>
                    {item.body}
                  </Typography.Paragraph>
                )}
              </Flex>
            </List.Item>
          )}
        />
      )}
    </>
  );
  const bell = (
    <Button type="text" aria-label={t('layout.notifications.open', { count })} onClick={compact ? () => setOpen(true) : undefined} data-testid="notification-bell">
      <Badge count={count} size="small" overflowCount={99} data-testid="notification-count">
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );

  // A phone has no room beside the bell for a dropdown: the list opens full screen.
  if (compact) {
    return (
      <>
        {bell}
        <Drawer
          open={open}
          onClose={() => setOpen(false)}
          title={t('layout.notifications.title')}
          extra={readAllButton}
          size="100%"
          styles={{ body: { padding: 8 } }}
        >
          <div data-testid="notification-panel">{list}</div>
        </Drawer>
      </>
    );
  }
  return (
    <Popover
      content={
        <Flex vertical style={{ width: 360 }} data-testid="notification-panel">
          <Flex justify="space-between" align="center" style={{ paddingBottom: 8, borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
            <Typography.Text strong>{t('layout.notifications.title')}</Typography.Text>
            {readAllButton}
          </Flex>
          {list}
        </Flex>
      }
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
      arrow={false}
    >
      {bell}
    </Popover>
  );
}
