import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Drawer, Flex, Form, Input, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { useLayoutMode } from '../../../../layouts/useLayoutMode';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { createCarePlan, followupKeys, updateCarePlan } from '../../service';
import { planDays, type CarePlan, type CarePlanInput } from '../../types';
import { firstNodeProblem, type NodeProblem } from '../nodes';
import { ItemPicker } from './ItemPicker';
import { NodesEditor } from './NodesEditor';

interface CarePlanValues {
  item: number;
  /** Shown in the preview; not sent. */
  item_name?: string;
  instructions: string;
  followup_nodes: (number | null)[];
  message_nodes: (number | null)[];
}

interface CarePlanDrawerProps {
  /** The plan to edit; absent for a new one. */
  plan?: CarePlan;
  onClose: () => void;
}

/** What the customer sees on the H5 page the care message links to: the item and the instructions only. */
function H5Preview({ itemName, instructions }: { itemName: string; instructions: string }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={t('pages.followups.care.preview')}
      styles={{ body: { padding: 0 } }}
      data-testid="care-preview"
    >
      <div style={{ margin: 12, border: '8px solid #1f1f1f', borderRadius: 24, overflow: 'hidden', background: '#f5f5f5', minHeight: 320 }}>
        <div style={{ background: '#fff', padding: '10px 12px', textAlign: 'center', borderBottom: '1px solid #eee', fontWeight: 600 }}>
          {t('pages.followups.care.preview.pageTitle')}
        </div>
        <div style={{ padding: 12 }}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {itemName || t('pages.followups.care.preview.item')}
          </Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 13 }}>
            {instructions || <Typography.Text type="secondary">{t('pages.followups.care.preview.empty')}</Typography.Text>}
          </Typography.Paragraph>
        </div>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '0 12px 12px' }}>
        {t('pages.followups.care.preview.hint')}
      </Typography.Paragraph>
    </Card>
  );
}

/** 术后关怀方案: aftercare instructions of an item, the follow-up days and the care-message days. */
export function CarePlanDrawer({ plan, onClose }: CarePlanDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = useLayoutMode() === 'phone';
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CarePlanValues>();
  const instructions = Form.useWatch('instructions', form) ?? plan?.instructions ?? '';
  const itemName = Form.useWatch('item_name', form);

  const save = useMutation({
    mutationFn: (values: CarePlanValues) => {
      const body: CarePlanInput = {
        ...(plan ? {} : { item: values.item }),
        instructions: values.instructions.trim(),
        followup_nodes: values.followup_nodes as number[],
        message_nodes: values.message_nodes as number[],
      };
      return plan ? updateCarePlan(plan.item, body) : createCarePlan(body);
    },
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: followupKeys.carePlans });
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const problemText = (problem: NodeProblem, index: number) => t(`pages.followups.care.nodes.problem.${problem}`, { index: index + 1 });
  const nodesRule = {
    validator: (_: unknown, nodes: (number | null)[] | undefined) => {
      const found = firstNodeProblem(nodes ?? []);
      return found ? Promise.reject(new Error(problemText(found.problem, found.index))) : Promise.resolve();
    },
  };

  return (
    <Drawer
      open
      title={plan ? t('pages.followups.care.edit', { name: plan.item_name }) : t('pages.followups.care.create')}
      size={phone ? '100%' : 960}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="care-save">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} md={14}>
          <Form<CarePlanValues>
            form={form}
            layout="vertical"
            onFinish={(values) => save.mutate(values)}
            scrollToFirstError
            initialValues={{
              item: plan?.item,
              item_name: plan?.item_name,
              instructions: plan?.instructions ?? '',
              followup_nodes: plan ? planDays(plan.followup_nodes) : [1, 7, 30],
              message_nodes: plan ? planDays(plan.message_nodes) : [7, 30],
            }}
          >
            <Form.Item name="item_name" hidden>
              <Input />
            </Form.Item>
            <Form.Item name="item" label={t('pages.followups.care.item')} rules={[{ required: true, message: t('pages.followups.care.item.required') }]}>
              <ItemPicker
                disabled={Boolean(plan)}
                initialName={plan?.item_name}
                // Form.Item keeps the value; this only names the item in the preview.
                onChange={(_value, name) => form.setFieldValue('item_name', name ?? '')}
              />
            </Form.Item>
            <Form.Item
              name="instructions"
              label={t('pages.followups.care.instructions')}
              rules={[{ required: true, whitespace: true, message: t('pages.followups.care.instructions.required') }]}
            >
              <Input.TextArea autoSize={{ minRows: 8, maxRows: 18 }} maxLength={5000} showCount placeholder={t('pages.followups.care.instructions.placeholder')} data-testid="care-instructions" />
            </Form.Item>
            <Form.Item name="followup_nodes" label={t('pages.followups.care.followupNodes')} extra={t('pages.followups.care.followupNodes.hint')} rules={[nodesRule]}>
              <NodesEditor data-testid="care-followup-nodes" />
            </Form.Item>
            <Form.Item name="message_nodes" label={t('pages.followups.care.messageNodes')} extra={t('pages.followups.care.messageNodes.hint')} rules={[nodesRule]}>
              <NodesEditor data-testid="care-message-nodes" />
            </Form.Item>
          </Form>
        </Col>
        <Col xs={24} md={10}>
          <H5Preview itemName={itemName ?? plan?.item_name ?? ''} instructions={instructions} />
        </Col>
      </Row>
    </Drawer>
  );
}
