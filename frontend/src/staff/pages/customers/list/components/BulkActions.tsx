import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form } from 'antd';
import { useTranslation } from 'react-i18next';

import { FormModal } from '../../../../components/FormModal';
import { applyFieldErrors } from '../../../../utils/formErrors';
import { bulkTagCustomers, customerKeys, reassignCustomers, STAFF_POSITIONS } from '../../shared/service';
import { StaffSelect } from '../../shared/StaffSelect';
import { TagSelect } from '../../shared/TagSelect';

interface BulkModalProps {
  ids: number[];
  onClose: () => void;
  /** After a successful change: the selection is done with. */
  onDone: () => void;
}

interface BulkTagValues {
  add?: number[];
  remove?: number[];
}

/** Confirms a bulk change naming how many customers it touches, then reports how many changed. */
function useConfirmedBulk<Values>(run: (values: Values) => Promise<number>, doneKey: 'pages.customers.list.bulkTag.done' | 'pages.customers.list.reassign.done', { onDone, onClose }: BulkModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (count) => {
      void message.success(t(doneKey, { count }));
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      onDone();
      onClose();
    },
  });
}

export function BulkTagModal(props: BulkModalProps) {
  const { ids } = props;
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [form] = Form.useForm<BulkTagValues>();
  const save = useConfirmedBulk((values: BulkTagValues) => bulkTagCustomers(ids, values.add ?? [], values.remove ?? []), 'pages.customers.list.bulkTag.done', props);

  const submit = (values: BulkTagValues) =>
    modal.confirm({
      title: t('pages.customers.list.bulkTag.confirm', { count: ids.length }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => save.mutateAsync(values).catch((error: unknown) => applyFieldErrors(form, error)),
    });

  const needOne = ({ getFieldValue }: { getFieldValue: (name: string) => number[] | undefined }) => ({
    validator: () =>
      (getFieldValue('add')?.length ?? 0) + (getFieldValue('remove')?.length ?? 0) > 0
        ? Promise.resolve()
        : Promise.reject(new Error(t('pages.customers.list.bulkTag.required'))),
  });

  return (
    <FormModal<BulkTagValues>
      title={t('pages.customers.list.bulkTag.title', { count: ids.length })}
      form={form}
      saving={save.isPending}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <Form.Item name="add" label={t('pages.customers.list.bulkTag.add')} dependencies={['remove']} rules={[needOne]}>
        <TagSelect />
      </Form.Item>
      <Form.Item name="remove" label={t('pages.customers.list.bulkTag.remove')} dependencies={['add']}>
        <TagSelect includeInactive />
      </Form.Item>
    </FormModal>
  );
}

interface ReassignValues {
  consultant?: number | null;
  online_consultant?: number | null;
}

/** 0 in a picker means "no one" (unassign); absent means leave as it is. */
function assignment(value: number | null | undefined): number | null | undefined {
  if (value === undefined || value === null) return undefined;
  return value === 0 ? null : value;
}

export function ReassignModal(props: BulkModalProps) {
  const { ids } = props;
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [form] = Form.useForm<ReassignValues>();
  const save = useConfirmedBulk(
    (values: ReassignValues) =>
      reassignCustomers({ ids, consultant: assignment(values.consultant), online_consultant: assignment(values.online_consultant) }),
    'pages.customers.list.reassign.done',
    props,
  );

  const submit = (values: ReassignValues) =>
    modal.confirm({
      title: t('pages.customers.list.reassign.confirm', { count: ids.length }),
      content: t('pages.customers.list.reassign.confirm.detail'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => save.mutateAsync(values).catch((error: unknown) => applyFieldErrors(form, error)),
    });

  const needOne = ({ getFieldValue }: { getFieldValue: (name: string) => number | null | undefined }) => ({
    validator: () =>
      assignment(getFieldValue('consultant')) !== undefined || assignment(getFieldValue('online_consultant')) !== undefined
        ? Promise.resolve()
        : Promise.reject(new Error(t('pages.customers.list.reassign.required'))),
  });

  return (
    <FormModal<ReassignValues>
      title={t('pages.customers.list.reassign.title', { count: ids.length })}
      form={form}
      saving={save.isPending}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <Alert type="info" showIcon title={t('pages.customers.list.reassign.confirm.detail')} style={{ marginBottom: 16 }} />
      <Form.Item name="consultant" label={t('pages.customers.field.consultant')} dependencies={['online_consultant']} rules={[needOne]}>
        <StaffSelect
          position={STAFF_POSITIONS.consultant}
          noneLabel={t('pages.customers.list.reassign.clear')}
          placeholder={t('pages.customers.list.reassign.unchanged')}
        />
      </Form.Item>
      <Form.Item name="online_consultant" label={t('pages.customers.field.onlineConsultant')} dependencies={['consultant']}>
        <StaffSelect
          position={STAFF_POSITIONS.onlineConsultant}
          noneLabel={t('pages.customers.list.reassign.clear')}
          placeholder={t('pages.customers.list.reassign.unchanged')}
        />
      </Form.Item>
    </FormModal>
  );
}
