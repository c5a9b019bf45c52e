import { useQuery } from '@tanstack/react-query';
import { Collapse, Empty, Flex, Form, Input, InputNumber, Select, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { CreateButton, RowActions } from '../../../../components/CrudButtons';
import { FormModal } from '../../../../components/FormModal';
import { useDeleteMutation, useSaveMutation } from '../../../../hooks/useCrudMutations';
import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { useCatalogLabels } from '../../shared/labels';
import { LoadError } from '../../shared/LoadError';
import {
  ARTICLE_KINDS,
  catalogKeys,
  createArticle,
  deleteArticle,
  listArticles,
  updateArticle,
  type Article,
  type ArticleInput,
} from '../../service';
import { RichText } from '../../shared/RichText';
import { RichTextEditor } from './RichTextEditor';

type ArticleFormValues = Omit<ArticleInput, 'item'>;

function ArticleFormModal({ itemId, article, onClose }: { itemId: number; article?: Article; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useCatalogLabels();
  const phone = useLayoutMode() === 'phone';
  const [form] = Form.useForm<ArticleFormValues>();
  const save = useSaveMutation(
    form,
    (values: ArticleFormValues) =>
      article ? updateArticle(article.id, values) : createArticle({ ...values, item: itemId }),
    catalogKeys.all,
    onClose,
  );
  return (
    <FormModal<ArticleFormValues>
      title={t(article ? 'pages.catalog.knowledge.editArticle' : 'pages.catalog.knowledge.createArticle')}
      form={form}
      width={phone ? undefined : 880}
      initialValues={article ? { kind: article.kind, title: article.title, body_html: article.body_html, sort: article.sort } : { kind: 'indications', sort: 0, body_html: '' }}
      saving={save.isPending}
      onSubmit={(values) => save.mutate(values)}
      onClose={onClose}
    >
      <Flex gap={12} wrap>
        <Form.Item name="kind" label={t('pages.catalog.knowledge.kind')} rules={[{ required: true }]} style={{ flex: '1 1 160px' }}>
          <Select
            options={ARTICLE_KINDS.map((kind) => ({ value: kind, label: labels.articleKind(kind) }))}
            onChange={(kind) => {
              if (!form.getFieldValue('title')) form.setFieldValue('title', labels.articleKind(kind));
            }}
          />
        </Form.Item>
        <Form.Item name="title" label={t('pages.catalog.knowledge.title')} rules={[{ required: true, whitespace: true }]} style={{ flex: '3 1 240px' }}>
          <Input maxLength={128} data-testid="article-title" />
        </Form.Item>
        <Form.Item name="sort" label={t('pages.catalog.sort')} style={{ flex: '0 1 100px' }}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item name="body_html" label={t('pages.catalog.knowledge.body')} extra={t('pages.catalog.knowledge.bodyHint')}>
        <RichTextEditor />
      </Form.Item>
    </FormModal>
  );
}

/** 知识库: the item's articles — indications, contraindications, process, aftercare, FAQ. */
export function ArticlesTab({ itemId, editable }: { itemId: number; editable: boolean }) {
  const { t } = useTranslation();
  const labels = useCatalogLabels();
  const [editing, setEditing] = useState<{ article?: Article } | null>(null);
  const articles = useQuery({ queryKey: catalogKeys.articles(itemId), queryFn: () => listArticles(itemId) });
  const remove = useDeleteMutation(deleteArticle, catalogKeys.all);

  if (articles.error) return <LoadError error={articles.error} onRetry={() => void articles.refetch()} />;
  if (articles.isLoading) return <Skeleton active />;
  const rows = articles.data ?? [];
  return (
    <Flex vertical gap={12}>
      {editable && (
        <Flex justify="flex-end">
          <CreateButton onClick={() => setEditing({})}>{t('pages.catalog.knowledge.createArticle')}</CreateButton>
        </Flex>
      )}
      {rows.length === 0 ? (
        <Empty description={t('pages.catalog.knowledge.noArticles')} />
      ) : (
        <Collapse
          items={rows.map((article) => ({
            key: article.id,
            label: (
              <Flex gap={8} align="center" wrap>
                <Tag color="blue">{labels.articleKind(article.kind)}</Tag>
                <Typography.Text strong>{article.title}</Typography.Text>
                {article.updated_by && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('pages.catalog.knowledge.updatedBy', { name: article.updated_by.name, time: new Date(article.updated_at).toLocaleString() })}
                  </Typography.Text>
                )}
              </Flex>
            ),
            extra: editable && (
              <span onClick={(event) => event.stopPropagation()}>
                <RowActions
                  onEdit={() => setEditing({ article })}
                  onDelete={() => remove.mutate(article.id)}
                  deleteConfirm={t('pages.catalog.knowledge.deleteArticle.confirm', { name: article.title })}
                />
              </span>
            ),
            children: <RichText html={article.body_html} />,
          }))}
        />
      )}
      {editing && <ArticleFormModal itemId={itemId} article={editing.article} onClose={() => setEditing(null)} />}
    </Flex>
  );
}
