import { Button, Checkbox, Col, DatePicker, Drawer, Flex, Form, Row, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { useAccess } from '../../../../session/useMe';
import { useCustomerLabels } from '../../shared/labels';
import { GENDERS, STAFF_POSITIONS, useSources, useTiers } from '../../shared/service';
import { StaffSelect } from '../../shared/StaffSelect';
import { TagSelect } from '../../shared/TagSelect';
import { fromFormValues, toFormValues, type CustomerFilters, type FilterFormValues } from '../filters';

interface FilterPanelProps {
  filters: CustomerFilters;
  onApply: (filters: CustomerFilters) => void;
  /** Phones get the panel as a drawer from the bottom; wider screens inline under the toolbar. */
  variant: 'inline' | 'drawer';
  open: boolean;
  onClose: () => void;
}

/** Every filter of the list except the search box; applied with 查询, emptied with 重置. */
export function FilterPanel({ filters, onApply, variant, open, onClose }: FilterPanelProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const labels = useCustomerLabels();
  const [form] = Form.useForm<FilterFormValues>();
  const canReadLists = access.canViewCustomerSettings;
  const { data: sources = [] } = useSources(canReadLists && open);
  const { data: tiers = [] } = useTiers(canReadLists && open);
  const noConsultant = Form.useWatch('no_consultant', form);

  // The form follows the list: a saved filter applied, a link opened, or the filters cleared.
  useEffect(() => {
    if (open) form.setFieldsValue({ ...emptyValues, ...toFormValues(filters) });
  }, [filters, open, form]);

  const apply = () => {
    onApply(fromFormValues(form.getFieldsValue(), filters.search));
    if (variant === 'drawer') onClose();
  };
  const reset = () => {
    form.setFieldsValue(emptyValues);
    onApply(fromFormValues({}, filters.search));
    if (variant === 'drawer') onClose();
  };
  const span = variant === 'drawer' ? { xs: 24 } : { xs: 24, md: 12, xl: 8 };
  const dateRange = (
    <DatePicker.RangePicker
      allowEmpty={[true, true]}
      placeholder={[t('pages.customers.list.filters.dateStart'), t('pages.customers.list.filters.dateEnd')]}
      inputReadOnly={variant === 'drawer'}
      style={{ width: '100%' }}
    />
  );
  const consentOptions = [
    { value: true, label: t('pages.customers.list.filters.yes') },
    { value: false, label: t('pages.customers.list.filters.no') },
  ];

  const fields = (
    <Form form={form} layout="vertical" onFinish={apply} data-testid="customer-filters">
      <Row gutter={16}>
        {canReadLists && (
          <Col {...span}>
            <Form.Item name="source" label={t('pages.customers.field.source')}>
              <Select
                mode="multiple"
                allowClear
                maxTagCount="responsive"
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('pages.customers.list.filters.any')}
                options={sources.map((source) => ({ value: source.id, label: source.name }))}
              />
            </Form.Item>
          </Col>
        )}
        <Col {...span}>
          <Form.Item name="consultant" label={t('pages.customers.field.consultant')}>
            <StaffSelect
              multiple
              position={STAFF_POSITIONS.consultant}
              placeholder={t('pages.customers.list.filters.any')}
              disabled={Boolean(noConsultant)}
            />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="online_consultant" label={t('pages.customers.field.onlineConsultant')}>
            <StaffSelect multiple position={STAFF_POSITIONS.onlineConsultant} placeholder={t('pages.customers.list.filters.any')} />
          </Form.Item>
        </Col>
        {canReadLists && (
          <Col {...span}>
            <Form.Item name="tier" label={t('pages.customers.field.tier')}>
              <Select
                mode="multiple"
                allowClear
                maxTagCount="responsive"
                placeholder={t('pages.customers.list.filters.any')}
                options={tiers.map((tier) => ({ value: tier.id, label: tier.name }))}
              />
            </Form.Item>
          </Col>
        )}
        {canReadLists && (
          <Col {...span}>
            <Form.Item name="tags" label={t('pages.customers.field.tags')}>
              <TagSelect includeInactive placeholder={t('pages.customers.list.filters.any')} />
            </Form.Item>
          </Col>
        )}
        <Col {...span}>
          <Form.Item name="gender" label={t('pages.customers.field.gender')}>
            <Select
              allowClear
              placeholder={t('pages.customers.list.filters.any')}
              options={GENDERS.map((gender) => ({ value: gender, label: labels.gender(gender) }))}
            />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="first_visit" label={t('pages.customers.field.firstVisit')}>
            {dateRange}
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="last_visit" label={t('pages.customers.field.lastVisit')}>
            {dateRange}
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="created" label={t('pages.customers.field.createdAt')}>
            {dateRange}
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="marketing_consent" label={t('pages.customers.field.marketingConsent')}>
            <Select allowClear placeholder={t('pages.customers.list.filters.any')} options={consentOptions} />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="photo_consent" label={t('pages.customers.field.photoConsent')}>
            <Select allowClear placeholder={t('pages.customers.list.filters.any')} options={consentOptions} />
          </Form.Item>
        </Col>
        <Col {...span}>
          <Form.Item name="no_consultant" valuePropName="checked" label=" ">
            <Checkbox>{t('pages.customers.list.filters.noConsultant')}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
      {variant === 'inline' && (
        <Flex gap={8} justify="flex-end">
          <Button onClick={reset}>{t('pages.customers.list.filters.reset')}</Button>
          <Button type="primary" htmlType="submit" data-testid="filters-apply">
            {t('pages.customers.list.filters.apply')}
          </Button>
        </Flex>
      )}
    </Form>
  );

  if (variant === 'inline') return open ? fields : null;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      placement="bottom"
      size="85%"
      title={t('pages.customers.list.filters')}
      footer={
        <Flex gap={8}>
          <Button onClick={reset} block>
            {t('pages.customers.list.filters.reset')}
          </Button>
          <Button type="primary" onClick={() => form.submit()} block data-testid="filters-apply">
            {t('pages.customers.list.filters.apply')}
          </Button>
        </Flex>
      }
      forceRender
    >
      {fields}
    </Drawer>
  );
}

const emptyValues: FilterFormValues = {
  source: undefined,
  consultant: undefined,
  online_consultant: undefined,
  tier: undefined,
  tags: undefined,
  gender: undefined,
  first_visit: undefined,
  last_visit: undefined,
  created: undefined,
  marketing_consent: undefined,
  photo_consent: undefined,
  no_consultant: false,
};
