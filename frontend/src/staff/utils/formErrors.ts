import type { FormInstance } from 'antd';

import { fieldErrorsOf } from '@/api/errors';

/**
 * Puts the API's validation errors under the form fields of the same name (forms use the API's field
 * names); the toast already carries the summary.
 */
export function applyFieldErrors(form: FormInstance, error: unknown): void {
  const fields = Object.entries(fieldErrorsOf(error)).map(([name, errors]) => ({ name, errors }));
  if (fields.length > 0) form.setFields(fields);
}
