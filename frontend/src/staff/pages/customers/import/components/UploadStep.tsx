import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Flex, Radio, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '@/api/errors';

import { IMPORT_KINDS, inspectFile, MAX_FILE_BYTES, templateUrl, type ImportKind, type InspectResult } from '../service';

const ACCEPTED = ['.xlsx', '.csv'];

interface UploadStepProps {
  kind: ImportKind;
  onKindChange: (kind: ImportKind) => void;
  onRead: (file: File, result: InspectResult) => void;
}

/** Step 1: what is imported, the template to fill in, and the file; a file that cannot be read says why here. */
export function UploadStep({ kind, onKindChange, onRead }: UploadStepProps) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const inspect = useMutation({
    mutationFn: (file: File) => inspectFile(file, kind),
    // The reason a file is refused belongs next to the upload box, not in a toast that goes away.
    meta: { inlineError: true },
    onSuccess: (result, file) => onRead(file, result),
    onError: (error) =>
      setProblem(error instanceof ApiError && error.message ? error.message : t('pages.customers.import.upload.unreadable')),
  });

  const pick = (file: File) => {
    setProblem(null);
    const name = file.name.toLowerCase();
    if (!ACCEPTED.some((suffix) => name.endsWith(suffix))) {
      setProblem(t('pages.customers.import.upload.wrongType', { name: file.name }));
    } else if (file.size === 0) {
      setProblem(t('pages.customers.import.upload.empty', { name: file.name }));
    } else if (file.size > MAX_FILE_BYTES) {
      setProblem(t('pages.customers.import.upload.tooLarge', { name: file.name }));
    } else {
      inspect.mutate(file);
    }
    return false; // read by the API, never uploaded by the Upload component itself
  };

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
          {t('pages.customers.import.kind')}
        </Typography.Text>
        <Radio.Group
          optionType="button"
          value={kind}
          onChange={(event) => {
            setProblem(null);
            onKindChange(event.target.value as ImportKind);
          }}
          options={IMPORT_KINDS.map((value) => ({ value, label: t(`pages.customers.import.kind.${value}`) }))}
          data-testid="import-kind"
        />
      </div>
      <Alert
        type="info"
        showIcon
        title={t('pages.customers.import.template.title')}
        description={
          <Flex vertical gap={8} align="flex-start">
            <span>{t(`pages.customers.import.template.hint.${kind}`)}</span>
            <Button icon={<DownloadOutlined />} href={templateUrl(kind)} download data-testid="import-template-download">
              {t('pages.customers.import.template.download')}
            </Button>
          </Flex>
        }
      />
      <Spin spinning={inspect.isPending}>
        <Upload.Dragger
          accept={ACCEPTED.join(',')}
          multiple={false}
          showUploadList={false}
          beforeUpload={pick}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('pages.customers.import.upload.title')}</p>
          <p className="ant-upload-hint">{t('pages.customers.import.upload.hint')}</p>
        </Upload.Dragger>
      </Spin>
      {problem && <Alert type="error" showIcon title={t('pages.customers.import.upload.refused')} description={problem} data-testid="import-upload-error" />}
    </Flex>
  );
}
