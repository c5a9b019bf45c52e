/** Words and colours for the codes of visits, consultations and complaints in the console's language. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import type { Schemas } from '@/api/client';

import type { VisitKind, VisitStatus } from './visitService';

export type ConsultationKind = Schemas['ConsultationKindEnum'];
export type ConsultationOutcome = Schemas['ConsultationOutcomeEnum'];
export type NoDealReason = Schemas['NoDealReasonEnum'];
export type ComplaintCategory = Schemas['ComplaintCategoryEnum'];
export type ComplaintChannel = Schemas['ComplaintChannelEnum'];
export type ComplaintStatus = Schemas['ComplaintStatusEnum'];

export const CONSULTATION_KINDS: ConsultationKind[] = ['onsite', 'online', 'phone'];
export const OUTCOMES: ConsultationOutcome[] = ['pending', 'deal', 'no_deal'];
export const NO_DEAL_REASONS: NoDealReason[] = [
  'price',
  'effect',
  'safety',
  'comparing',
  'thinking',
  'companion',
  'not_suitable',
  'other',
];
export const COMPLAINT_CATEGORIES: ComplaintCategory[] = ['service', 'effect', 'price', 'waiting', 'environment', 'safety', 'other'];
export const COMPLAINT_CHANNELS: ComplaintChannel[] = ['onsite', 'phone', 'wechat', 'online', 'other'];
export const COMPLAINT_STATUSES: ComplaintStatus[] = ['open', 'processing', 'resolved', 'closed'];

const KIND_COLORS: Record<VisitKind, string> = { first: 'green', return: 'blue', recheck: 'purple', repurchase: 'gold' };
const STATUS_COLORS: Record<VisitStatus, string> = {
  waiting: 'orange',
  consulting: 'processing',
  treating: 'purple',
  left: 'default',
  cancelled: 'default',
};
const COMPLAINT_STATUS_COLORS: Record<ComplaintStatus, string> = {
  open: 'error',
  processing: 'processing',
  resolved: 'success',
  closed: 'default',
};

export function useReceptionLabels() {
  const { t } = useTranslation();
  return {
    visitKind: (kind: VisitKind) => t(`pages.reception.visitKind.${kind}`),
    visitStatus: (status: VisitStatus) => t(`pages.reception.visitStatus.${status}`),
    consultationKind: (kind: ConsultationKind) => t(`pages.reception.consultationKind.${kind}`),
    outcome: (outcome: ConsultationOutcome) => t(`pages.reception.outcome.${outcome}`),
    noDealReason: (reason: NoDealReason) => t(`pages.reception.noDealReason.${reason}`),
    complaintCategory: (category: ComplaintCategory) => t(`pages.reception.complaintCategory.${category}`),
    complaintChannel: (channel: ComplaintChannel) => t(`pages.reception.complaintChannel.${channel}`),
    complaintStatus: (status: ComplaintStatus) => t(`pages.reception.complaintStatus.${status}`),
  };
}

export function VisitKindTag({ kind }: { kind: VisitKind }) {
  const labels = useReceptionLabels();
  return (
    <Tag color={KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }}>
      {labels.visitKind(kind)}
    </Tag>
  );
}

export function VisitStatusTag({ status }: { status: VisitStatus }) {
  const labels = useReceptionLabels();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {labels.visitStatus(status)}
    </Tag>
  );
}

export function ComplaintStatusTag({ status }: { status: ComplaintStatus }) {
  const labels = useReceptionLabels();
  return (
    <Tag color={COMPLAINT_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {labels.complaintStatus(status)}
    </Tag>
  );
}
