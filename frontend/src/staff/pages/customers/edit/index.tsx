import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Result, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { ApiError } from '@/api/errors';

import { PageContainer } from '../../../components/PageContainer';
import { CustomerForm } from '../shared/CustomerForm';
import { customerKeys, getCustomer } from '../shared/service';

export default function EditCustomerPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const { data: customer, error, isPending, refetch } = useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: () => getCustomer(id),
    enabled: valid,
    // The form starts from what is on file now, not from a copy another tab may have changed.
    staleTime: 0,
  });

  let content;
  if (!valid || (error instanceof ApiError && error.status === 404)) {
    content = <Result status="404" title={t('pages.customers.detail.notFound')} extra={<Link to="/customers/list">{t('menu.customers.list')}</Link>} />;
  } else if (error) {
    content = (
      <Result
        status="error"
        title={t('pages.customers.detail.loadFailed')}
        extra={<Button onClick={() => void refetch()}>{t('common.retry')}</Button>}
      />
    );
  } else if (isPending || !customer) {
    content = <Skeleton active paragraph={{ rows: 10 }} />;
  } else if (customer.merged_into) {
    content = (
      <Alert
        type="warning"
        showIcon
        title={t('pages.customers.form.merged', { id: customer.merged_into })}
        action={<Link to={`/customers/${customer.merged_into}`}>{t('pages.customers.detail.merged.open')}</Link>}
      />
    );
  } else {
    content = <CustomerForm key={customer.id} customer={customer} />;
  }

  return <PageContainer title={customer ? `${t('menu.customers.edit')} · ${customer.name}` : t('menu.customers.edit')}>{content}</PageContainer>;
}
