import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Empty, Flex, Input, List, Select, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { FIRST_PAGE, serverPagination, totalText, type PageState } from '../../../utils/pagination';
import { formatDateTime } from '../../../utils/time';
import { MessageDrawer } from '../components/MessageDrawer';
import { ChannelTag, MessageStatusTag } from '../components/labels';
import {
  MESSAGE_CHANNELS,
  MESSAGE_STATUSES,
  listMessages,
  listTemplates,
  messageKeys,
  type Message,
  type MessageChannel,
  type MessageQuery,
  type MessageStatus,
} from '../service';

interface Filters {
  status: MessageStatus[];
  channel: MessageChannel[];
  kind?: string;
  search: string;
  range: [Dayjs | null, Dayjs | null] | null;
}

const NO_FILTERS: Filters = { status: [], channel: [], search: '', range: null };

function toQuery(filters: Filters, page: PageState, source: { type: string | null; id: string | null }): MessageQuery {
  const query: MessageQuery = { ...page };
  if (filters.status.length) query.status = filters.status;
  if (filters.channel.length) query.channel = filters.channel;
  if (filters.kind) query.kind = filters.kind;
  if (filters.search.trim()) query.search = filters.search.trim();
  if (filters.range?.[0]) query.date_from = filters.range[0].format('YYYY-MM-DD');
  if (filters.range?.[1]) query.date_to = filters.range[1].format('YYYY-MM-DD');
  if (source.type && source.id) {
    query.source_type = source.type;
    query.source_id = source.id;
  }
  return query;
}

/** 消息中心: every message the system decided to send — SMS, WeChat, console — as the customer reads it. */
export default function MessagesPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const phone = useLayoutMode() === 'phone';
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState<Filters>(() => ({
    ...NO_FILTERS,
    status: (params.get('status')?.split(',').filter((s): s is MessageStatus => MESSAGE_STATUSES.includes(s as MessageStatus)) ?? []),
  }));
  const [page, setPage] = useState<PageState>(FIRST_PAGE);
  const source = { type: params.get('source_type'), id: params.get('source_id') };
  const query = toQuery(filters, page, source);
  const messages = useQuery({ queryKey: messageKeys.list(query), queryFn: () => listMessages(query) });
  const templates = useQuery({ queryKey: messageKeys.templates, queryFn: listTemplates, staleTime: 5 * 60_000 });
  const kinds = useMemo(() => {
    const seen = new Map<string, string>();
    for (const row of templates.data ?? []) seen.set(row.kind, row.kind_name);
    return [...seen.entries()].map(([value, label]) => ({ value, label }));
  }, [templates.data]);

  const openId = Number(params.get('message')) || null;
  const open = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id === null) next.delete('message');
    else next.set('message', String(id));
    setParams(next, { replace: true });
  };
  const change = (patch: Partial<Filters>) => {
    setFilters((current) => ({ ...current, ...patch }));
    setPage(FIRST_PAGE);
  };
  const hasFilters = Boolean(filters.status.length || filters.channel.length || filters.kind || filters.search || filters.range);

  const data = messages.data?.results ?? [];
  const empty = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={hasFilters ? t('pages.messages.emptyFiltered') : t('pages.messages.empty')}
    />
  );

  return (
    <PageContainer
      title={t('menu.messages.list')}
      extra={
        <>
          {access.canChangeMessageTemplate && (
            <Link to="/messages/templates">
              <Button>{t('menu.messages.templates')}</Button>
            </Link>
          )}
          {access.canChangeNotifySettings && (
            <Link to="/messages/settings">
              <Button>{t('menu.messages.settings')}</Button>
            </Link>
          )}
        </>
      }
    >
      <Flex vertical gap={12}>
        {source.type && source.id && (
          <Typography.Text type="secondary">
            {t('pages.messages.fromSource', { source: `${source.type} #${source.id}` })}{' '}
            <Button type="link" size="small" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              {t('pages.messages.showAll')}
            </Button>
          </Typography.Text>
        )}
        <Flex wrap gap={8}>
          <Input.Search
            allowClear
            placeholder={t('pages.messages.searchPlaceholder')}
            style={{ width: phone ? '100%' : 260 }}
            onSearch={(search) => change({ search })}
            data-testid="message-search"
          />
          <Select<MessageStatus[]>
            mode="multiple"
            allowClear
            placeholder={t('common.status')}
            style={{ minWidth: phone ? '100%' : 200 }}
            value={filters.status}
            onChange={(status) => change({ status })}
            options={MESSAGE_STATUSES.map((value) => ({ value, label: t(`pages.messages.status.${value}`) }))}
            data-testid="message-status-filter"
          />
          <Select<MessageChannel[]>
            mode="multiple"
            allowClear
            placeholder={t('pages.messages.col.channel')}
            style={{ minWidth: phone ? '100%' : 160 }}
            value={filters.channel}
            onChange={(channel) => change({ channel })}
            options={MESSAGE_CHANNELS.map((value) => ({ value, label: t(`pages.messages.channel.${value}`) }))}
          />
          <Select<string>
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('pages.messages.col.kind')}
            style={{ minWidth: phone ? '100%' : 160 }}
            value={filters.kind}
            onChange={(kind) => change({ kind })}
            options={kinds}
          />
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            style={{ width: phone ? '100%' : undefined }}
            value={filters.range}
            onChange={(range) => change({ range })}
            placeholder={[t('pages.messages.dateFrom'), t('pages.messages.dateTo')]}
          />
        </Flex>
        {phone ? (
          <List<Message>
            loading={messages.isFetching}
            dataSource={data}
            locale={{ emptyText: empty }}
            pagination={
              data.length
                ? {
                    current: page.page,
                    pageSize: page.page_size,
                    total: messages.data?.count ?? 0,
                    simple: true,
                    onChange: (next) => setPage({ ...page, page: next }),
                  }
                : false
            }
            data-testid="messages-list"
            renderItem={(row) => (
              <List.Item key={row.id} onClick={() => open(row.id)} style={{ cursor: 'pointer' }}>
                <Card size="small" style={{ width: '100%' }}>
                  <Flex justify="space-between" align="center" gap={8} wrap>
                    <Typography.Text strong>{row.kind_name}</Typography.Text>
                    <MessageStatusTag status={row.status} autoRetry={row.auto_retry} />
                  </Flex>
                  <Typography.Text type="secondary">
                    {row.customer?.name ?? '—'} · {row.recipient} · {formatDateTime(row.scheduled_at)}
                  </Typography.Text>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0 0' }}>
                    {row.text}
                  </Typography.Paragraph>
                </Card>
              </List.Item>
            )}
          />
        ) : (
          <Table<Message>
            size="middle"
            rowKey="id"
            loading={messages.isFetching}
            dataSource={data}
            locale={{ emptyText: empty }}
            pagination={serverPagination(page, messages.data?.count ?? 0, setPage, t, messages.data?.count_capped)}
            scroll={{ x: 'max-content' }}
            onRow={(row) => ({ onClick: () => open(row.id), style: { cursor: 'pointer' } })}
            data-testid="messages-table"
            columns={[
              { title: t('pages.messages.col.scheduledAt'), render: (_, row) => formatDateTime(row.scheduled_at), width: 150 },
              { title: t('pages.messages.col.kind'), dataIndex: 'kind_name' },
              { title: t('pages.messages.col.customer'), render: (_, row) => row.customer?.name ?? '—' },
              { title: t('pages.messages.col.channel'), render: (_, row) => <ChannelTag channel={row.channel} /> },
              { title: t('pages.messages.col.recipient'), dataIndex: 'recipient' },
              {
                title: t('pages.messages.col.text'),
                render: (_, row) => (
                  <Typography.Text ellipsis={{ tooltip: row.text }} style={{ maxWidth: 320 }}>
                    {row.text}
                  </Typography.Text>
                ),
              },
              {
                title: t('common.status'),
                render: (_, row) => <MessageStatusTag status={row.status} autoRetry={row.auto_retry} />,
              },
              { title: t('pages.messages.col.attempts'), dataIndex: 'attempts', align: 'right' },
              { title: t('pages.messages.col.sentAt'), render: (_, row) => formatDateTime(row.sent_at) || '—', width: 150 },
            ]}
          />
        )}
        {phone && data.length > 0 && (
          <Typography.Text type="secondary">{totalText(t, messages.data?.count ?? 0, messages.data?.count_capped)}</Typography.Text>
        )}
      </Flex>
      <MessageDrawer messageId={openId} onClose={() => open(null)} />
    </PageContainer>
  );
}
