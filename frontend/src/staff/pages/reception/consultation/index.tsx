import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Divider, Result, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { useAccess } from '../../../session/useMe';
import { customerKeys, getCustomer } from '../../customers/shared/service';
import { readId } from '../shared/consultationLink';
import { getVisit, visitKeys } from '../shared/visitService';
import { AssessmentSection } from './components/AssessmentSection';
import { ConsultationForm } from './components/ConsultationForm';
import { CustomerHeader } from './components/CustomerHeader';

/** Where "back" goes: the page that opened this one (waiting list, a file), else the customer's 360 view. */
function useBack(customerId: number | null) {
  const navigate = useNavigate();
  const { state } = useLocation();
  const from = typeof (state as { from?: unknown } | null)?.from === 'string' ? (state as { from: string }).from : null;
  return () => void navigate(from ?? (customerId ? `/customers/${customerId}` : '/reception/waiting'));
}

/**
 * 咨询记录 and 医生面诊 for one customer (`?customer=<id>&visit=<id>`), laid out for a phone: the consultant
 * records the consultation, a doctor the assessment; each user sees the sections they may fill in.
 */
export default function ConsultationPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [params] = useSearchParams();
  const customerId = readId(params.get('customer'));
  const visitId = readId(params.get('visit'));
  const back = useBack(customerId);
  const [assessmentSaved, setAssessmentSaved] = useState(0);

  const customer = useQuery({
    queryKey: customerKeys.detail(customerId ?? 0),
    queryFn: () => getCustomer(customerId ?? 0),
    enabled: customerId !== null,
  });
  const visit = useQuery({
    queryKey: visitKeys.detail(visitId ?? 0),
    queryFn: () => getVisit(visitId ?? 0),
    enabled: visitId !== null && access.canViewVisit,
  });

  const title = t(access.canAddConsultation ? 'menu.reception.consultation' : 'pages.reception.assessment.title');
  const backButton = (
    <Button icon={<ArrowLeftOutlined />} onClick={back}>
      {t('pages.reception.consultation.back')}
    </Button>
  );

  if (customerId === null || customer.isError) {
    return (
      <PageContainer title={title}>
        <Result
          status="warning"
          title={t(customerId === null ? 'pages.reception.consultation.noCustomer' : 'pages.reception.consultation.loadFailed')}
          extra={backButton}
        />
      </PageContainer>
    );
  }
  if (customer.isPending || (visitId !== null && access.canViewVisit && visit.isPending)) {
    return (
      <PageContainer title={title}>
        <Skeleton active paragraph={{ rows: 8 }} />
      </PageContainer>
    );
  }

  const visitData = visit.data && visit.data.customer.id === customerId ? visit.data : undefined;
  // Section headings only when both sections show; alone, the page title says what the form is.
  const both = access.canAddConsultation && access.canAddAssessment;
  const section = (key: 'pages.reception.consultation.section' | 'pages.reception.assessment.title') =>
    both ? <Divider titlePlacement="start">{t(key)}</Divider> : <Divider />;
  return (
    <PageContainer title={title} extra={backButton}>
      <CustomerHeader customer={customer.data} visit={visitData} />
      {access.canAddConsultation && (
        <>
          {section('pages.reception.consultation.section')}
          <ConsultationForm customer={customer.data} visit={visitData} onSaved={back} />
        </>
      )}
      {access.canAddAssessment && (
        <>
          {section('pages.reception.assessment.title')}
          {assessmentSaved > 0 && access.canAddConsultation && (
            <Typography.Paragraph type="success">{t('pages.reception.assessment.savedHint')}</Typography.Paragraph>
          )}
          <AssessmentSection
            customer={customer.data}
            visit={visitData}
            // Someone who also records the consultation stays to do that; a doctor goes back.
            onSaved={() => (access.canAddConsultation ? setAssessmentSaved((n) => n + 1) : back())}
          />
        </>
      )}
    </PageContainer>
  );
}
