import { ArrowLeftOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Col, Flex, Result, Row, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { ApiError } from '@/api/errors';

import { PageContainer } from '../../../components/PageContainer';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { useAccess } from '../../../session/useMe';
import { readId } from '../../reception/shared/consultationLink';
import { getAssets, treatmentKeys, type Entitlement } from '../service';
import { CustomerFinder } from './components/CustomerFinder';
import { DeductionForm, type DeductionOutcome } from './components/DeductionForm';
import { DeductionResult } from './components/DeductionResult';
import { EntitlementPicker } from './components/EntitlementPicker';

/**
 * 执行/划扣 at the treatment chair (an iPad first, a phone too): find the customer, pick what they own, name
 * the operators, let the customer sign, confirm. `?customer=` (and `?visit=`) open it for a given customer.
 */
export default function DeductPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const mode = useLayoutMode();
  const [params, setParams] = useSearchParams();
  const customerId = readId(params.get('customer'));
  const visitId = readId(params.get('visit'));
  const [entitlement, setEntitlement] = useState<Entitlement | null>(null);
  const [outcome, setOutcome] = useState<DeductionOutcome | null>(null);

  const assets = useQuery({
    queryKey: treatmentKeys.assets(customerId ?? 0),
    queryFn: () => getAssets(customerId!),
    enabled: customerId !== null,
    staleTime: 0,
  });

  const pick = (customer: number, visit: number | null) => {
    setEntitlement(null);
    setOutcome(null);
    setParams(visit ? { customer: String(customer), visit: String(visit) } : { customer: String(customer) });
  };
  const reset = () => {
    setEntitlement(null);
    setOutcome(null);
    setParams({});
  };

  let content;
  if (customerId === null) {
    content = <CustomerFinder onPick={pick} />;
  } else if (assets.isPending) {
    content = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (assets.isError) {
    const missing = assets.error instanceof ApiError && assets.error.status === 404;
    content = (
      <Result
        status={missing ? '404' : 'warning'}
        title={t(missing ? 'pages.treatment.deduct.customerMissing' : 'pages.treatment.deduct.loadFailed')}
        extra={<Button onClick={reset}>{t('pages.treatment.deduct.changeCustomer')}</Button>}
      />
    );
  } else if (outcome) {
    content = (
      <DeductionResult
        outcome={outcome}
        onAgain={() => {
          setOutcome(null);
          setEntitlement(null);
        }}
        onNextCustomer={reset}
      />
    );
  } else {
    const { customer, entitlements } = assets.data;
    const current = entitlement ? (entitlements.find((row) => row.id === entitlement.id) ?? entitlement) : null;
    content = (
      <Flex vertical gap={16}>
        <Flex justify="space-between" align="center" wrap gap={8} data-testid="deduct-customer-bar">
          <Flex align="baseline" gap={8} wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {customer.name}
            </Typography.Title>
            <Typography.Text type="secondary">{customer.phone}</Typography.Text>
            <Typography.Text type="secondary">
              {t('pages.treatment.deduct.sessionsLeft', { count: assets.data.remaining_sessions })}
            </Typography.Text>
          </Flex>
          <Flex gap={8} wrap>
            {access.canViewCustomer && (
              <Link to={`/customers/${customer.id}`}>
                <Button>{t('pages.treatment.result.open360')}</Button>
              </Link>
            )}
            <Button icon={<ArrowLeftOutlined />} onClick={reset} data-testid="deduct-change-customer">
              {t('pages.treatment.deduct.changeCustomer')}
            </Button>
          </Flex>
        </Flex>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={current ? 10 : 24}>
            <EntitlementPicker entitlements={entitlements} selected={current?.id ?? null} onSelect={setEntitlement} />
          </Col>
          {current && (
            <Col xs={24} xl={14}>
              <DeductionForm
                key={current.id}
                customerId={customer.id}
                visitId={visitId}
                entitlement={current}
                onDone={setOutcome}
              />
            </Col>
          )}
        </Row>
      </Flex>
    );
  }

  return (
    <PageContainer
      title={t('menu.treatment.deduct')}
      extra={
        access.canViewDeduction && (
          <Link to="/treatment/today">
            <Button icon={<UnorderedListOutlined />} size={mode === 'phone' ? 'middle' : 'large'}>
              {t('menu.treatment.today')}
            </Button>
          </Link>
        )
      }
    >
      {content}
    </PageContainer>
  );
}
