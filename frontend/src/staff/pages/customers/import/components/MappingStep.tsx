import { SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Col, Flex, Input, Popover, Row, Select, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { missingRequired, unusedHeaders, type ImportColumn, type Mapping } from '../mapping';
import { importKeys, listImportTemplates, saveImportTemplate, type ImportKind, type ImportTemplate } from '../service';

interface MappingStepProps {
  kind: ImportKind;
  fileName: string;
  headers: string[];
  columns: ImportColumn[] | undefined;
  mapping: Mapping;
  onMappingChange: (mapping: Mapping) => void;
  template: number | null;
  onTemplateChange: (template: ImportTemplate | null) => void;
  createMissing: boolean;
  onCreateMissingChange: (value: boolean) => void;
  checking: boolean;
  onBack: () => void;
  onCheck: () => void;
}

function SaveTemplate({ kind, mapping, createMissing }: { kind: ImportKind; mapping: Mapping; createMissing: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () => saveImportTemplate(name.trim(), kind, mapping, createMissing),
    onSuccess: async () => {
      void message.success(t('pages.customers.import.mapping.templateSaved', { name: name.trim() }));
      await queryClient.invalidateQueries({ queryKey: importKeys.templates(kind) });
      setOpen(false);
      setName('');
    },
  });
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={t('pages.customers.import.mapping.saveTemplate')}
      content={
        <Flex gap={8}>
          <Input
            autoFocus
            maxLength={64}
            value={name}
            placeholder={t('pages.customers.import.mapping.templateName')}
            onChange={(event) => setName(event.target.value)}
            onPressEnter={() => name.trim() && save.mutate()}
          />
          <Button type="primary" disabled={!name.trim()} loading={save.isPending} onClick={() => save.mutate()}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Button icon={<SaveOutlined />}>{t('pages.customers.import.mapping.saveTemplate')}</Button>
    </Popover>
  );
}

/** Step 2: which column of the file feeds each field, matched by name first; a saved template can fill it in. */
export function MappingStep(props: MappingStepProps) {
  const { kind, fileName, headers, columns, mapping, onMappingChange, template, onTemplateChange } = props;
  const { t } = useTranslation();
  const templates = useQuery({ queryKey: importKeys.templates(kind), queryFn: () => listImportTemplates(kind) });
  if (!columns) return <Skeleton active paragraph={{ rows: 6 }} />;

  const missing = missingRequired(columns, mapping);
  const unused = unusedHeaders(headers, mapping);
  const headerOptions = headers.filter((header) => header.trim()).map((header) => ({ value: header, label: header }));
  // Sources and tags can be created from the file only for the kinds that carry them.
  const canCreateMissing = kind === 'customers' || kind === 'tags';

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text>
          {t('pages.customers.import.mapping.file', { name: fileName, count: headers.length })}
        </Typography.Text>
        <Flex gap={8} wrap>
          <Select
            allowClear
            value={template ?? undefined}
            loading={templates.isPending}
            placeholder={t('pages.customers.import.mapping.loadTemplate')}
            options={(templates.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
            onChange={(id?: number) => onTemplateChange(templates.data?.find((item) => item.id === id) ?? null)}
            style={{ minWidth: 180 }}
            data-testid="import-template-select"
          />
          <SaveTemplate kind={kind} mapping={mapping} createMissing={props.createMissing} />
        </Flex>
      </Flex>
      <div data-testid="import-mapping">
        {columns.map((column) => (
          <Row key={column.key} gutter={[12, 4]} align="middle" style={{ padding: '8px 0', borderBottom: '1px solid rgba(5,5,5,0.06)' }}>
            <Col xs={24} md={10}>
              <Typography.Text strong>
                {column.required && <span style={{ color: '#ff4d4f', marginInlineEnd: 4 }}>*</span>}
                {column.label}
              </Typography.Text>
              {(column.help || column.example) && (
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 2, tooltip: column.help }}>
                  {[column.help, column.example && t('pages.customers.import.mapping.example', { value: column.example })]
                    .filter(Boolean)
                    .join(' ')}
                </Typography.Paragraph>
              )}
            </Col>
            <Col xs={24} md={14}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={mapping[column.key] || undefined}
                placeholder={t('pages.customers.import.mapping.skip')}
                status={column.required && !mapping[column.key] ? 'error' : undefined}
                options={headerOptions}
                onChange={(header?: string) => onMappingChange({ ...mapping, [column.key]: header ?? '' })}
                style={{ width: '100%' }}
                data-testid={`import-map-${column.key}`}
              />
            </Col>
          </Row>
        ))}
      </div>
      {missing.length > 0 && (
        <Alert type="error" showIcon title={t('pages.customers.import.mapping.missing', { fields: missing.join('、') })} />
      )}
      {unused.length > 0 && (
        <div>
          <Typography.Text type="secondary">{t('pages.customers.import.mapping.unused')}</Typography.Text>
          <Flex wrap gap={4} style={{ marginTop: 4 }}>
            {unused.map((header) => (
              <Tag key={header}>{header}</Tag>
            ))}
          </Flex>
        </div>
      )}
      {canCreateMissing && (
        <Checkbox checked={props.createMissing} onChange={(event) => props.onCreateMissingChange(event.target.checked)}>
          {t('pages.customers.import.mapping.createMissing')}
        </Checkbox>
      )}
      <Flex justify="space-between" gap={8}>
        <Button onClick={props.onBack}>{t('pages.customers.import.back')}</Button>
        <Button type="primary" disabled={missing.length > 0} loading={props.checking} onClick={props.onCheck} data-testid="import-check">
          {t('pages.customers.import.mapping.check')}
        </Button>
      </Flex>
    </Flex>
  );
}
