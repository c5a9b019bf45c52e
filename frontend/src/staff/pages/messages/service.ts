/** The message centre's calls: the outbox (list, detail, retry, cancel), message templates, channel settings. */
import { api, unwrap, type Schemas } from '@/api/client';
import type { paths } from '@/api/schema';

export type Message = Schemas['Message'];
export type MessageDetail = Schemas['MessageDetail'];
export type MessageAttempt = Schemas['MessageAttempt'];
export type MessageStatus = Schemas['MessageStatusEnum'];
export type MessageChannel = Schemas['MessageChannelEnum'];
export type MessageTemplate = Schemas['MessageTemplate'];
export type MessageTemplateInput = Schemas['MessageTemplateRequest'];
export type NotifySettings = Schemas['NotifySettings'];
export type NotifySettingsInput = Schemas['PatchedNotifySettingsRequest'];
export type MessageQuery = NonNullable<paths['/api/v1/messages/']['get']['parameters']['query']>;

export const MESSAGE_STATUSES: MessageStatus[] = ['pending', 'sending', 'sent', 'failed', 'unknown', 'cancelled', 'skipped'];
export const MESSAGE_CHANNELS: MessageChannel[] = ['sms', 'wechat', 'console'];

export const messageKeys = {
  all: ['messages'] as const,
  list: (query: MessageQuery) => ['messages', 'list', query] as const,
  detail: (id: number) => ['messages', 'detail', id] as const,
  templates: ['messages', 'templates'] as const,
  settings: ['messages', 'settings'] as const,
};

export function listMessages(query: MessageQuery) {
  return unwrap(api.GET('/api/v1/messages/', { params: { query } }));
}

export function getMessage(id: number) {
  return unwrap(api.GET('/api/v1/messages/{id}/', { params: { path: { id } } }));
}

export function retryMessage(id: number) {
  return unwrap(api.POST('/api/v1/messages/{id}/retry/', { params: { path: { id } } }));
}

export function cancelMessage(id: number, reason: string) {
  return unwrap(api.POST('/api/v1/messages/{id}/cancel/', { params: { path: { id } }, body: { reason } }));
}

export function listTemplates() {
  return unwrap(api.GET('/api/v1/message-templates/'));
}

export function saveTemplate(body: MessageTemplateInput) {
  return unwrap(api.POST('/api/v1/message-templates/', { body }));
}

export function resetTemplate(id: number) {
  return unwrap(api.DELETE('/api/v1/message-templates/{id}/', { params: { path: { id } } }));
}

export function getNotifySettings() {
  return unwrap(api.GET('/api/v1/notify-settings/'));
}

export function saveNotifySettings(body: NotifySettingsInput) {
  return unwrap(api.PATCH('/api/v1/notify-settings/', { body }));
}

/** A failed message may be retried by hand unless it is already waiting for its automatic retry. */
export function canRetry(message: Pick<Message, 'status' | 'auto_retry'>): boolean {
  return message.status === 'unknown' || (message.status === 'failed' && !message.auto_retry);
}

/** Messages not yet handed to a provider may be cancelled. */
export function canCancel(message: Pick<Message, 'status'>): boolean {
  return message.status === 'pending' || message.status === 'failed' || message.status === 'unknown';
}
