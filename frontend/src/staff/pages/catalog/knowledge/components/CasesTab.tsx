import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Image,
  Input,
  InputNumber,
  Row,
  Skeleton,
  Switch,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '@/api/errors';

import { CreateButton, RowActions } from '../../../../components/CrudButtons';
import { FormModal } from '../../../../components/FormModal';
import { useDeleteMutation, useSaveMutation } from '../../../../hooks/useCrudMutations';
import { useAccess } from '../../../../session/useMe';
import { CustomerSelect } from '../../../customers/shared/CustomerSelect';
import { LoadError } from '../../shared/LoadError';
import { catalogKeys, createCase, deleteCase, listCases, updateCase, uploadImage, type Case } from '../../service';
import { checkImageFile, moveEntry } from '../imageFile';

interface Picture {
  image: number;
  url: string;
  caption: string;
}

interface CaseFormValues {
  name: string;
  description?: string;
  customer?: number | null;
  is_published: boolean;
  sort: number;
}

function PictureList({ pictures, onChange }: { pictures: Picture[]; onChange: React.Dispatch<React.SetStateAction<Picture[]>> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(0);
  const add = async (file: File) => {
    const problem = checkImageFile(file);
    if (problem) {
      void message.error(`${file.name}：${t(problem)}`);
      return;
    }
    setUploading((n) => n + 1);
    try {
      const image = await uploadImage(file);
      // Several files chosen at once arrive one by one: each is added to the list as it is then.
      onChange((current) => [...current, { image: image.id, url: image.url, caption: '' }]);
    } catch (error) {
      void message.error(error instanceof ApiError && error.message ? error.message : t('pages.catalog.knowledge.uploadFailed'));
    } finally {
      setUploading((n) => n - 1);
    }
  };
  return (
    <Flex vertical gap={8}>
      <Image.PreviewGroup>
        {pictures.map((picture, index) => (
          <Flex key={picture.image} gap={8} align="center" wrap>
            <Image src={picture.url} width={88} height={66} style={{ objectFit: 'cover', borderRadius: 6 }} />
            <Input
              value={picture.caption}
              maxLength={64}
              placeholder={t('pages.catalog.knowledge.captionPlaceholder')}
              onChange={(event) => onChange(pictures.map((p, i) => (i === index ? { ...p, caption: event.target.value } : p)))}
              style={{ flex: '1 1 160px' }}
            />
            <Button icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onChange(moveEntry(pictures, index, -1))} aria-label={t('pages.catalog.knowledge.moveUp')} />
            <Button
              icon={<ArrowDownOutlined />}
              disabled={index === pictures.length - 1}
              onClick={() => onChange(moveEntry(pictures, index, 1))}
              aria-label={t('pages.catalog.knowledge.moveDown')}
            />
            <Button icon={<DeleteOutlined />} danger onClick={() => onChange(pictures.filter((_, i) => i !== index))} aria-label={t('common.delete')} />
          </Flex>
        ))}
      </Image.PreviewGroup>
      <Upload
        accept="image/jpeg,image/png,image/webp"
        multiple
        showUploadList={false}
        beforeUpload={(file) => {
          void add(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={uploading > 0} data-testid="case-upload">
          {t('pages.catalog.knowledge.uploadPictures')}
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('pages.catalog.knowledge.picturesHint')}
      </Typography.Text>
    </Flex>
  );
}

function CaseFormModal({ itemId, current, onClose }: { itemId: number; current?: Case; onClose: () => void }) {
  const { t } = useTranslation();
  const access = useAccess();
  const [form] = Form.useForm<CaseFormValues>();
  const [pictures, setPictures] = useState<Picture[]>(
    current?.pictures.map((p) => ({ image: p.image, url: p.url, caption: p.caption })) ?? [],
  );
  const save = useSaveMutation(
    form,
    (values: CaseFormValues) => {
      const body = {
        ...values,
        description: values.description ?? '',
        customer: values.customer ?? null,
        pictures: pictures.map((p) => ({ image: p.image, caption: p.caption.trim() })),
      };
      return current ? updateCase(current.id, body) : createCase({ ...body, item: itemId });
    },
    catalogKeys.all,
    onClose,
  );
  const pictureError = (save.error instanceof ApiError && save.error.fields.pictures?.[0]) || undefined;
  return (
    <FormModal<CaseFormValues>
      title={t(current ? 'pages.catalog.knowledge.editCase' : 'pages.catalog.knowledge.createCase')}
      form={form}
      width={720}
      initialValues={
        current
          ? { name: current.name, description: current.description, customer: current.customer?.id ?? null, is_published: current.is_published, sort: current.sort }
          : { is_published: true, sort: 0, customer: null }
      }
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('pages.catalog.knowledge.caseName')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item name="description" label={t('pages.catalog.knowledge.caseDescription')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item label={t('pages.catalog.knowledge.pictures')} required validateStatus={pictureError ? 'error' : undefined} help={pictureError}>
        <PictureList pictures={pictures} onChange={setPictures} />
      </Form.Item>
      {access.canViewCustomer && (
        <Form.Item name="customer" label={t('pages.catalog.knowledge.caseCustomer')} extra={t('pages.catalog.knowledge.caseCustomerHint')}>
          <CustomerSelect initialOption={current?.customer ?? null} />
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="is_published" label={t('pages.catalog.knowledge.published')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="sort" label={t('pages.catalog.sort')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}

/** 案例: treated cases with ordered, captioned pictures. */
export function CasesTab({ itemId, editable }: { itemId: number; editable: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<{ current?: Case } | null>(null);
  const cases = useQuery({ queryKey: catalogKeys.cases(itemId), queryFn: () => listCases(itemId) });
  const remove = useDeleteMutation(deleteCase, catalogKeys.all);

  if (cases.error) return <LoadError error={cases.error} onRetry={() => void cases.refetch()} />;
  if (cases.isLoading) return <Skeleton active />;
  const rows = cases.data ?? [];
  return (
    <Flex vertical gap={12}>
      {editable && (
        <Flex justify="flex-end">
          <CreateButton onClick={() => setEditing({})}>{t('pages.catalog.knowledge.createCase')}</CreateButton>
        </Flex>
      )}
      {rows.length === 0 ? (
        <Empty description={t('pages.catalog.knowledge.noCases')} />
      ) : (
        <Row gutter={[12, 12]}>
          {rows.map((row) => (
            <Col key={row.id} xs={24} sm={12} lg={8}>
              <Card
                size="small"
                cover={
                  <Image.PreviewGroup items={row.pictures.map((p) => p.url)}>
                    <Image src={row.pictures[0]?.url} height={160} width="100%" style={{ objectFit: 'cover' }} />
                  </Image.PreviewGroup>
                }
                actions={
                  editable
                    ? [
                        <RowActions
                          key="actions"
                          onEdit={() => setEditing({ current: row })}
                          onDelete={() => remove.mutate(row.id)}
                          deleteConfirm={t('pages.catalog.knowledge.deleteCase.confirm', { name: row.name })}
                        />,
                      ]
                    : undefined
                }
              >
                <Card.Meta
                  title={row.name}
                  description={
                    <Flex vertical gap={4}>
                      <Flex gap={4} wrap>
                        {row.is_published ? (
                          <Tag color="success">{t('pages.catalog.knowledge.published')}</Tag>
                        ) : (
                          <Tag>{t('pages.catalog.knowledge.hidden')}</Tag>
                        )}
                        <Tag>{t('pages.catalog.knowledge.pictureCount', { count: row.pictures.length })}</Tag>
                        {row.customer && <Tag color="purple">{t('pages.catalog.knowledge.fromCustomer', { name: row.customer.name })}</Tag>}
                      </Flex>
                      <Typography.Paragraph ellipsis={{ rows: 2 }} type="secondary" style={{ margin: 0 }}>
                        {row.description}
                      </Typography.Paragraph>
                    </Flex>
                  }
                />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {editing && <CaseFormModal itemId={itemId} current={editing.current} onClose={() => setEditing(null)} />}
    </Flex>
  );
}
