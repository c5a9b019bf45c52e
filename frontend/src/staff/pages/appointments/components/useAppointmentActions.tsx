import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';

import { ApiError } from '@/api/errors';
import { reportError } from '@/api/reporting';

import { appointmentKeys, moveAppointment, type Appointment, type MoveInput } from '../service';
import { WarningsList } from './WarningsList';

/** A business refusal the user can act on (conflict, validation), as opposed to a failure the policy handles. */
export function isRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.status === 400 || error.status === 409);
}

/** Warnings of a `needs_confirmation` answer: the list in `fields.warnings`, else the message. */
export function warningsOf(error: ApiError): string[] {
  return error.fields.warnings?.length ? error.fields.warnings : [error.message];
}

/**
 * Moving or resizing a line on the calendar: the server checks it as it checks a booking. A refusal puts the
 * event back (`revert`) and says why; warnings (warn mode) are confirmed in a dialog and the move re-sent.
 */
export function useMoveLine() {
  const { t } = useTranslation();
  const { message, modal, notification } = App.useApp();
  const queryClient = useQueryClient();

  return function move(appointment: number, body: Omit<MoveInput, 'confirm_warnings'>, revert: () => void): Promise<Appointment | null> {
    const attempt = async (confirmWarnings: boolean): Promise<Appointment | null> => {
      try {
        const saved = await moveAppointment(appointment, { ...body, confirm_warnings: confirmWarnings });
        void message.success(t('pages.appointments.move.saved'));
        await queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
        return saved;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'needs_confirmation') {
          return new Promise((resolve) => {
            modal.confirm({
              title: t('pages.appointments.warnings.title'),
              content: <WarningsList warnings={warningsOf(error)} />,
              okText: t('pages.appointments.warnings.proceed'),
              cancelText: t('common.cancel'),
              onOk: async () => resolve(await attempt(true)),
              onCancel: () => {
                revert();
                resolve(null);
              },
            });
          });
        }
        revert();
        if (isRefusal(error)) {
          notification.error({
            key: 'appointment-move',
            title: t('pages.appointments.move.refused'),
            description: error.message || t('errors.unknown'),
            props: { 'data-testid': 'move-refused' } as React.HTMLAttributes<HTMLDivElement>,
          });
        } else {
          reportError(error);
        }
        return null;
      }
    };
    return attempt(false);
  };
}
