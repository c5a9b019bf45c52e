import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Skeleton, Steps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { useLayoutMode } from '../../../layouts/useLayoutMode';
import { readId } from '../../reception/shared/consultationLink';
import { JobResult } from './components/JobResult';
import { MappingStep } from './components/MappingStep';
import { UploadStep } from './components/UploadStep';
import { applyTemplate, autoMatch, type Mapping } from './mapping';
import {
  BUSY_STATUSES,
  getImportJob,
  importKeys,
  listColumns,
  uploadImport,
  type ImportJob,
  type ImportKind,
  type ImportTemplate,
  type InspectResult,
} from './service';

const POLL_MS = 1000;

interface Picked {
  file: File;
  headers: string[];
  /** The server's suggestion from reading the file, which also knows the aliases of each field. */
  suggested: InspectResult['mapping'];
}

/** Where a job stands on the page's steps: 检查 (2), 导入 (3), 完成 (4). */
function stepOf(job: ImportJob): number {
  if (job.status === 'done') return 4;
  if (job.status === 'importing' || job.status === 'failed') return 3;
  return 2;
}

/**
 * 历史数据导入: choose the kind and the file, map its columns, look at the dry run, import with a progress
 * bar. The job's id stays in the address (`?job=`), so a reload keeps following it.
 */
export default function CustomerImportPage() {
  const { t } = useTranslation();
  const mode = useLayoutMode();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const jobId = readId(params.get('job'));
  const [kind, setKind] = useState<ImportKind>('customers');
  const [picked, setPicked] = useState<Picked | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [template, setTemplate] = useState<number | null>(null);
  const [createMissing, setCreateMissing] = useState(false);

  const columns = useQuery({ queryKey: importKeys.columns(kind), queryFn: () => listColumns(kind), staleTime: Infinity });
  const job = useQuery({
    queryKey: importKeys.job(jobId ?? 0),
    queryFn: () => getImportJob(jobId ?? 0),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data && BUSY_STATUSES.includes(query.state.data.status) ? POLL_MS : false),
  });

  const upload = useMutation({
    mutationFn: () => uploadImport(picked!.file, kind, mapping, template, createMissing),
    onSuccess: (created) => {
      queryClient.setQueryData(importKeys.job(created.id), created);
      setParams({ job: String(created.id) });
    },
  });

  const read = (file: File, result: InspectResult) => {
    const matched = autoMatch(columns.data ?? [], result.headers);
    for (const [key, header] of Object.entries(result.mapping)) if (header && key in matched) matched[key] = header;
    setPicked({ file, headers: result.headers, suggested: result.mapping });
    setMapping(matched);
    setTemplate(null);
  };
  const chooseTemplate = (chosen: ImportTemplate | null) => {
    setTemplate(chosen?.id ?? null);
    if (chosen) {
      setMapping((current) => applyTemplate(current, chosen.mapping, picked?.headers ?? []));
      setCreateMissing(chosen.create_missing ?? false);
    }
  };
  const restart = () => {
    setPicked(null);
    setMapping({});
    setTemplate(null);
    setParams({});
  };

  let step = picked ? 1 : 0;
  let content;
  if (jobId !== null) {
    step = job.data ? stepOf(job.data) : 2;
    content = job.data ? <JobResult job={job.data} onRestart={restart} /> : <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (picked) {
    content = (
      <MappingStep
        kind={kind}
        fileName={picked.file.name}
        headers={picked.headers}
        columns={columns.data}
        mapping={mapping}
        onMappingChange={setMapping}
        template={template}
        onTemplateChange={chooseTemplate}
        createMissing={createMissing}
        onCreateMissingChange={setCreateMissing}
        checking={upload.isPending}
        onBack={() => setPicked(null)}
        onCheck={() => upload.mutate()}
      />
    );
  } else {
    content = (
      <UploadStep
        kind={kind}
        onKindChange={(next) => {
          setKind(next);
          setCreateMissing(false);
        }}
        onRead={read}
      />
    );
  }

  return (
    <PageContainer title={t('menu.customers.import')}>
      <Steps
        current={step}
        status={step === 4 ? 'finish' : undefined}
        size="small"
        // Five steps side by side fit a phone only as dots with the titles under them.
        type={mode === 'phone' ? 'dot' : 'default'}
        titlePlacement={mode === 'phone' ? 'vertical' : 'horizontal'}
        responsive={false}
        style={{ marginBottom: 24 }}
        items={[
          { title: t('pages.customers.import.step.upload') },
          { title: t('pages.customers.import.step.mapping') },
          { title: t('pages.customers.import.step.check') },
          { title: t('pages.customers.import.step.run') },
          { title: t('pages.customers.import.step.done') },
        ]}
      />
      {content}
    </PageContainer>
  );
}
