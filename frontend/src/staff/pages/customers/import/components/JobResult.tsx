import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Flex, Progress, Result, Row, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

import { errorReportUrl, importKeys, runImport, summaryOf, type ErrorGroup, type ImportJob } from '../service';

interface JobResultProps {
  job: ImportJob;
  onRestart: () => void;
}

function Figures({ items }: { items: { key: string; title: string; value: number; color?: string }[] }) {
  return (
    <Row gutter={[12, 12]}>
      {items.map((item) => (
        <Col key={item.key} xs={12} sm={8} lg={4}>
          <Statistic title={item.title} value={item.value} styles={{ content: item.color ? { color: item.color } : undefined }} />
        </Col>
      ))}
    </Row>
  );
}

/** Steps 3–5: the dry run as it goes and its result, the import with a progress bar, and what it did. */
export function JobResult({ job, onRestart }: JobResultProps) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const queryClient = useQueryClient();
  const summary = summaryOf(job);
  const run = useMutation({
    mutationFn: (skipInvalid: boolean) => runImport(job.id, skipInvalid),
    onSuccess: (next) => queryClient.setQueryData(importKeys.job(job.id), next),
  });
  const restart = (
    <Button onClick={onRestart} data-testid="import-restart">
      {t('pages.customers.import.restart')}
    </Button>
  );

  if (job.status === 'uploaded' || job.status === 'validating' || job.status === 'importing') {
    const importing = job.status === 'importing';
    return (
      <Flex vertical align="center" gap={12} style={{ padding: '32px 0' }} data-testid="import-progress">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t(importing ? 'pages.customers.import.running' : 'pages.customers.import.checking', { name: job.original_name })}
        </Typography.Title>
        <Progress percent={job.progress} status="active" style={{ maxWidth: 480 }} />
        <Typography.Text type="secondary">
          {t('pages.customers.import.processed', { done: job.processed_rows, total: job.total_rows || '…' })}
        </Typography.Text>
      </Flex>
    );
  }

  if (job.status === 'done') {
    return (
      <Result
        status="success"
        title={t('pages.customers.import.done.title')}
        subTitle={job.message}
        extra={restart}
        data-testid="import-done"
      >
        <Figures
          items={[
            { key: 'created', title: t('pages.customers.import.figure.created'), value: job.created_count, color: '#389e0d' },
            { key: 'updated', title: t('pages.customers.import.figure.updated'), value: job.updated_count, color: '#1677ff' },
            { key: 'unchanged', title: t('pages.customers.import.figure.unchanged'), value: job.unchanged_count },
            { key: 'skipped', title: t('pages.customers.import.figure.skipped'), value: job.skipped_count },
          ]}
        />
      </Result>
    );
  }

  if (job.status === 'failed' || (job.status === 'invalid' && !job.total_rows)) {
    return (
      <Result
        status="error"
        title={t(job.status === 'failed' ? 'pages.customers.import.failed' : 'pages.customers.import.invalidFile')}
        subTitle={job.message}
        extra={restart}
        data-testid="import-failed"
      />
    );
  }

  // validated, or invalid with rows: the dry run's result.
  const valid = job.status === 'validated';
  const groupColumns: TableColumnsType<ErrorGroup> = [
    { title: t('pages.customers.import.errors.column'), dataIndex: 'column', key: 'column' },
    { title: t('pages.customers.import.errors.message'), dataIndex: 'message', key: 'message' },
    { title: t('pages.customers.import.errors.count'), dataIndex: 'count', key: 'count', width: 80 },
    {
      title: t('pages.customers.import.errors.rows'),
      dataIndex: 'rows',
      key: 'rows',
      render: (rows: number[], group) => rows.join('、') + (group.count > rows.length ? ' …' : ''),
    },
  ];
  const confirmSkip = () =>
    modal.confirm({
      title: t('pages.customers.import.skip.confirm', { valid: job.valid_rows, errors: job.error_rows }),
      content: t('pages.customers.import.skip.hint'),
      okText: t('pages.customers.import.skip'),
      cancelText: t('common.cancel'),
      onOk: () => run.mutateAsync(true),
    });

  return (
    <Flex vertical gap={16} data-testid="import-dry-run">
      <Alert type={valid ? 'success' : 'warning'} showIcon title={job.message} />
      <Figures
        items={[
          { key: 'total', title: t('pages.customers.import.figure.total'), value: job.total_rows },
          { key: 'valid', title: t('pages.customers.import.figure.valid'), value: job.valid_rows },
          { key: 'errors', title: t('pages.customers.import.figure.errors'), value: job.error_rows, color: job.error_rows ? '#cf1322' : undefined },
          { key: 'create', title: t('pages.customers.import.figure.wouldCreate'), value: summary.would_create ?? 0 },
          { key: 'update', title: t('pages.customers.import.figure.wouldUpdate'), value: summary.would_update ?? 0 },
          { key: 'unchanged', title: t('pages.customers.import.figure.unchanged'), value: summary.unchanged ?? 0 },
        ]}
      />
      {(summary.missing_sources?.length || summary.missing_tags?.length) && (
        <Alert
          type="info"
          showIcon
          title={t(job.create_missing ? 'pages.customers.import.missing.created' : 'pages.customers.import.missing.refused')}
          description={
            <Flex wrap gap={4}>
              {[...(summary.missing_sources ?? []), ...(summary.missing_tags ?? [])].map((name) => (
                <Tag key={name}>{name}</Tag>
              ))}
            </Flex>
          }
        />
      )}
      {(summary.error_groups?.length ?? 0) > 0 && (
        <>
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Text strong>{t('pages.customers.import.errors.title')}</Typography.Text>
            {job.has_error_report && (
              <Button icon={<DownloadOutlined />} href={errorReportUrl(job.id)} download data-testid="import-error-report">
                {t('pages.customers.import.errors.download')}
              </Button>
            )}
          </Flex>
          <Table<ErrorGroup>
            rowKey={(group) => `${group.column}-${group.message}`}
            size="small"
            columns={groupColumns}
            dataSource={summary.error_groups}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
          />
        </>
      )}
      <Flex justify="space-between" wrap gap={8}>
        {restart}
        <Flex gap={8} wrap>
          {!valid && job.valid_rows > 0 && (
            <Button danger loading={run.isPending} onClick={confirmSkip} data-testid="import-run-skip">
              {t('pages.customers.import.skipRun', { count: job.valid_rows })}
            </Button>
          )}
          {valid && (
            <Button type="primary" loading={run.isPending} onClick={() => run.mutate(false)} data-testid="import-run">
              {t('pages.customers.import.run', { count: job.total_rows })}
            </Button>
          )}
        </Flex>
      </Flex>
    </Flex>
  );
}
