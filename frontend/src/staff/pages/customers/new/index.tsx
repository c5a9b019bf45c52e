import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { PageContainer } from '../../../components/PageContainer';
import { CustomerForm } from '../shared/CustomerForm';
import { isMainlandMobile, normalizeMobile } from '../shared/identity';
import type { CustomerPrefill } from '../shared/customerForm';

/** `?search=` from a search that found nobody: a phone number or a name to start the new file with. */
function prefillFrom(search: string | null): CustomerPrefill {
  const term = (search ?? '').trim();
  if (!term) return {};
  if (isMainlandMobile(term)) return { phone: normalizeMobile(term) };
  return /^[\u4e00-\u9fa5·]{1,16}$/.test(term) ? { name: term } : {};
}

export default function NewCustomerPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  return (
    <PageContainer title={t('menu.customers.new')}>
      <CustomerForm prefill={prefillFrom(params.get('search'))} />
    </PageContainer>
  );
}
