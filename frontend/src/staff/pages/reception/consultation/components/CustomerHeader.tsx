import { WarningOutlined } from '@ant-design/icons';
import { Alert, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '../../../../utils/time';
import { useCustomerLabels } from '../../../customers/shared/labels';
import type { Customer } from '../../../customers/shared/service';
import { VisitKindTag, VisitStatusTag } from '../../shared/labels';
import type { Visit } from '../../shared/visitService';

/** Who is in front of the consultant: name, masked phone, this visit, and what must not be missed. */
export function CustomerHeader({ customer, visit }: { customer: Customer; visit?: Visit }) {
  const { t } = useTranslation();
  const labels = useCustomerLabels();
  const warnings = [
    customer.allergies && t('pages.reception.consultation.allergies', { text: customer.allergies }),
    customer.contraindications && t('pages.reception.consultation.contraindications', { text: customer.contraindications }),
  ].filter(Boolean);
  return (
    <Flex vertical gap={8} data-testid="consultation-customer">
      <Flex align="center" gap={8} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {customer.name}
        </Typography.Title>
        <Typography.Text type="secondary">{labels.genderAge(customer.gender, customer.age)}</Typography.Text>
        {visit && <VisitKindTag kind={visit.kind} />}
        {visit && <VisitStatusTag status={visit.status} />}
      </Flex>
      <Typography.Text type="secondary">
        {[
          customer.phone,
          customer.consultant
            ? t('pages.reception.consultation.owner', { name: customer.consultant.name })
            : t('pages.reception.checkIn.noConsultant'),
          visit && t('pages.reception.consultation.arrivedAt', { time: formatDateTime(visit.arrived_at) }),
          visit?.purpose && t('pages.reception.waiting.purposeIs', { purpose: visit.purpose }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
      {warnings.length > 0 && (
        <Alert type="error" showIcon icon={<WarningOutlined />} title={warnings.join('；')} />
      )}
    </Flex>
  );
}
