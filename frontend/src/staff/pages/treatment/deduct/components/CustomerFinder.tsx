import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { useAccess } from '../../../../session/useMe';
import { CustomerSelect } from '../../../customers/shared/CustomerSelect';
import { VisitStatusTag } from '../../../reception/shared/labels';
import { listWaiting, OPEN_STATUSES, visitKeys } from '../../../reception/shared/visitService';

interface CustomerFinderProps {
  onPick: (customer: number, visit: number | null) => void;
}

/** Step one: the customer, searched by name, pinyin or phone, or tapped from today's waiting list. */
export function CustomerFinder({ onPick }: CustomerFinderProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const waiting = useQuery({
    queryKey: visitKeys.waiting,
    queryFn: listWaiting,
    enabled: access.canViewVisit,
    refetchInterval: 30_000,
  });
  // Patients being treated first: that is who a nurse is about to deduct for.
  const open = (waiting.data ?? [])
    .filter((visit) => OPEN_STATUSES.includes(visit.status))
    .sort((a, b) => Number(b.status === 'treating') - Number(a.status === 'treating'));

  return (
    <Flex vertical gap={16}>
      <Flex vertical gap={6}>
        <Typography.Text strong>{t('pages.treatment.deduct.findCustomer')}</Typography.Text>
        <div style={{ maxWidth: 560 }}>
          <CustomerSelect
            data-testid="deduct-customer"
            onChange={(id) => id && onPick(id, null)}
            placeholder={t('pages.treatment.deduct.customerPlaceholder')}
          />
        </div>
      </Flex>
      {access.canViewVisit && (
        <Flex vertical gap={8}>
          <Typography.Text strong>{t('pages.treatment.deduct.waiting')}</Typography.Text>
          {waiting.isPending ? (
            <Skeleton active paragraph={{ rows: 2 }} />
          ) : open.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pages.treatment.deduct.waitingEmpty')} />
          ) : (
            <Flex wrap gap={8} data-testid="deduct-waiting">
              {open.map((visit) => (
                <Button
                  key={visit.id}
                  size="large"
                  onClick={() => onPick(visit.customer.id, visit.id)}
                  style={{ minHeight: 48 }}
                  data-testid={`deduct-visit-${visit.id}`}
                >
                  <Flex align="center" gap={8}>
                    <span>{visit.customer.name}</span>
                    <VisitStatusTag status={visit.status} />
                  </Flex>
                </Button>
              ))}
            </Flex>
          )}
        </Flex>
      )}
    </Flex>
  );
}
