import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';

import { applyFieldErrors } from '../utils/formErrors';

/** After a write: toasts `messageKey`, then refreshes the queries under `invalidates`. */
function useAfterWrite(messageKey: 'common.saved' | 'common.deleted', invalidates: QueryKey) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return async () => {
    void message.success(t(messageKey));
    await queryClient.invalidateQueries({ queryKey: invalidates });
  };
}

/** Saves a modal form, then closes it; the API's field errors land under their fields. */
export function useSaveMutation<Values>(
  form: FormInstance<Values>,
  save: (values: Values) => Promise<unknown>,
  invalidates: QueryKey,
  onClose: () => void,
) {
  const afterWrite = useAfterWrite('common.saved', invalidates);
  return useMutation({
    mutationFn: save,
    onSuccess: async () => {
      await afterWrite();
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
}

/** Deletes a row by id. */
export function useDeleteMutation(remove: (id: number) => Promise<unknown>, invalidates: QueryKey) {
  const afterWrite = useAfterWrite('common.deleted', invalidates);
  return useMutation({ mutationFn: remove, onSuccess: afterWrite });
}
