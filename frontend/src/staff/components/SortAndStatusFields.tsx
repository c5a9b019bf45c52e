import { Form, InputNumber, Switch } from 'antd';
import { useTranslation } from 'react-i18next';

/** The `sort` and `is_active` fields closing a dictionary entry's form. */
export function SortAndStatusFields({ sortLabel }: { sortLabel: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="sort" label={sortLabel}>
        <InputNumber min={0} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="is_active" label={t('common.status')} valuePropName="checked">
        <Switch checkedChildren={t('common.status.active')} unCheckedChildren={t('common.status.inactive')} />
      </Form.Item>
    </>
  );
}
