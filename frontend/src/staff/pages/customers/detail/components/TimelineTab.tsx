import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '../../../../utils/time';
import { useCustomerLabels } from '../../shared/labels';
import { customerKeys, listEvents } from '../../shared/service';
import { TabError } from './TabError';

const PAGE_SIZE = 20;

/** Colours by the module that wrote the event (the type's prefix). */
const MODULE_COLORS: Record<string, string> = {
  customer: 'blue',
  visit: 'green',
  consultation: 'purple',
  assessment: 'cyan',
  complaint: 'red',
};

/** Everything that happened to the customer, newest first, as far back as the user cares to load. */
export function TimelineTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const labels = useCustomerLabels();
  const events = useInfiniteQuery({
    queryKey: customerKeys.events(customerId),
    queryFn: ({ pageParam }) => listEvents(customerId, pageParam, PAGE_SIZE),
    initialPageParam: 1,
    getNextPageParam: (last, pages) => (last.next ? pages.length + 1 : undefined),
  });

  if (events.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (events.isError && !events.data) return <TabError onRetry={() => void events.refetch()} />;
  const rows = events.data.pages.flatMap((page) => page.results);
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.customers.detail.events.empty')} />;

  return (
    <Flex vertical gap={8} data-testid="customer-timeline">
      <Timeline
        items={rows.map((event) => {
          const color = MODULE_COLORS[event.type.split('.')[0]] ?? 'gray';
          return {
            key: event.id,
            color,
            content: (
              <Flex vertical gap={2}>
                <Flex gap={8} align="center" wrap>
                  <Tag color={color} style={{ marginInlineEnd: 0 }}>
                    {labels.eventType(event)}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(event.occurred_at)} · {event.actor_name || t('pages.customers.detail.events.system')}
                  </Typography.Text>
                </Flex>
                <Typography.Text>{event.summary}</Typography.Text>
              </Flex>
            ),
          };
        })}
      />
      <Flex justify="center">
        {events.hasNextPage ? (
          <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage} data-testid="timeline-more">
            {t('pages.customers.detail.events.loadMore')}
          </Button>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('pages.customers.detail.events.end')}
          </Typography.Text>
        )}
      </Flex>
    </Flex>
  );
}
