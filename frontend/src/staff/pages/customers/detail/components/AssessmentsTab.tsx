import { useQuery } from '@tanstack/react-query';
import { Descriptions, Flex, Skeleton, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

import { formatDateTime } from '../../../../utils/time';
import { getAssessmentForm, listAssessments, recordKeys, type Assessment } from '../records';
import { RecordTab } from './RecordTab';
import type { TabContentProps } from './tabs';

function answerText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join('、');
  return value === null || value === undefined ? '' : String(value);
}

/** The answers of a structured assessment, labelled by the form's own field names. */
function AssessmentAnswers({ assessment }: { assessment: Assessment }) {
  const form = useQuery({
    queryKey: recordKeys.assessmentForm(assessment.form ?? 0),
    queryFn: () => getAssessmentForm(assessment.form!),
    enabled: assessment.form !== null,
    staleTime: 10 * 60_000,
  });
  if (assessment.form !== null && form.isPending) return <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  const fields = form.data?.fields ?? [];
  const labelled = fields.filter((field) => answerText(assessment.answers[field.key]) !== '');
  const known = new Set(fields.map((field) => field.key));
  const others = Object.entries(assessment.answers).filter(([key, value]) => !known.has(key) && answerText(value) !== '');
  if (labelled.length + others.length === 0) return null;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        ...labelled.map((field) => ({ key: field.key, label: field.label, children: answerText(assessment.answers[field.key]) })),
        ...others.map(([key, value]) => ({ key, label: key, children: answerText(value) })),
      ]}
    />
  );
}

export function AssessmentsTab({ customerId }: TabContentProps) {
  const { t } = useTranslation();
  const text = (value: string) => <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{value}</Typography.Text>;
  const columns: TableColumnsType<Assessment> = [
    { title: t('pages.customers.assessments.assessedAt'), key: 'assessed_at', render: (_, row) => formatDateTime(row.assessed_at) },
    { title: t('pages.customers.assessments.doctor'), key: 'doctor', render: (_, row) => row.doctor.name },
    {
      title: t('pages.customers.assessments.form'),
      key: 'form',
      render: (_, row) => row.form_name ?? <Typography.Text type="secondary">{t('pages.customers.assessments.noForm')}</Typography.Text>,
    },
    { title: t('pages.customers.assessments.conclusion'), dataIndex: 'conclusion', key: 'conclusion', ellipsis: true, width: 280 },
    { title: t('pages.customers.assessments.plan'), dataIndex: 'plan', key: 'plan', ellipsis: true, width: 240 },
  ];
  const details = (row: Assessment) => (
    <Flex vertical gap={8}>
      <AssessmentAnswers assessment={row} />
      {row.conclusion && (
        <div>
          <Typography.Text strong>{t('pages.customers.assessments.conclusion')}：</Typography.Text>
          {text(row.conclusion)}
        </div>
      )}
      {row.plan && (
        <div>
          <Typography.Text strong>{t('pages.customers.assessments.plan')}：</Typography.Text>
          {text(row.plan)}
        </div>
      )}
    </Flex>
  );
  return (
    <RecordTab<Assessment>
      kind="assessments"
      customerId={customerId}
      fetchPage={listAssessments}
      columns={columns}
      expandable={{ expandedRowRender: details }}
      renderCard={(row) => (
        <Flex vertical gap={4}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text strong>{formatDateTime(row.assessed_at)}</Typography.Text>
            <Typography.Text type="secondary">
              {row.doctor.name}
              {row.form_name ? ` · ${row.form_name}` : ''}
            </Typography.Text>
          </Flex>
          {details(row)}
        </Flex>
      )}
    />
  );
}
