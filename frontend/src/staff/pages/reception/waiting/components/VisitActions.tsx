import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

import { useAccess } from '../../../../session/useMe';
import { consultationPath } from '../../shared/consultationLink';
import { leaveVisit, OPEN_STATUSES, visitKeys, type Visit } from '../../shared/visitService';

export type VisitDialog = 'triage' | 'cancel';

interface VisitActionsProps {
  visit: Visit;
  onOpen: (dialog: VisitDialog, visit: Visit) => void;
  /** Buttons (iPad, phone) rather than links (desktop table). */
  buttons?: boolean;
}

/** A waiting-list row's moves, each shown only to users holding its permission and while it makes sense. */
export function VisitActions({ visit, onOpen, buttons = false }: VisitActionsProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const leave = useMutation({
    mutationFn: () => leaveVisit(visit.id),
    onSuccess: async () => {
      void message.success(t('pages.reception.waiting.left', { name: visit.customer.name }));
      await queryClient.invalidateQueries({ queryKey: visitKeys.all });
    },
  });

  const open = OPEN_STATUSES.includes(visit.status);
  const type = buttons ? 'default' : 'link';
  const size = buttons ? 'middle' : 'small';
  const canConsult = access.canRecordConsultation && open;

  return (
    <Space size={buttons ? 8 : 0} wrap>
      {access.canTriageVisit && open && (
        <Button
          type={buttons && visit.status === 'waiting' ? 'primary' : type}
          size={size}
          onClick={() => onOpen('triage', visit)}
          data-testid={`triage-${visit.id}`}
        >
          {t(visit.triaged_at ? 'pages.reception.waiting.retriage' : 'pages.reception.waiting.triage')}
        </Button>
      )}
      {canConsult && (
        <Button
          type={type}
          size={size}
          onClick={() =>
            void navigate(consultationPath(visit.customer.id, visit.id), {
              state: { from: location.pathname + location.search },
            })
          }
          data-testid={`consult-${visit.id}`}
        >
          {t(access.canAddConsultation ? 'pages.reception.waiting.consult' : 'pages.reception.waiting.assess')}
        </Button>
      )}
      {access.canChangeVisit && open && (
        <Popconfirm
          title={t('pages.reception.waiting.leave.confirm', { name: visit.customer.name })}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => leave.mutate()}
        >
          <Button type={type} size={size} loading={leave.isPending} data-testid={`leave-${visit.id}`}>
            {t('pages.reception.waiting.leave')}
          </Button>
        </Popconfirm>
      )}
      {access.canChangeVisit && visit.status === 'waiting' && (
        <Button type={type} size={size} danger onClick={() => onOpen('cancel', visit)} data-testid={`cancel-${visit.id}`}>
          {t('pages.reception.waiting.cancel')}
        </Button>
      )}
    </Space>
  );
}
