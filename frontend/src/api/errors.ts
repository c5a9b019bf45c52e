/**
 * The API's one error shape (`{code, message, fields?}`) on the client side, and the pure policy that turns
 * any failure into what the user sees: a message, errors for form fields, and where to go next.
 */

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;
  readonly requestId: string | null;

  constructor(status: number, code: string, message: string, fields: FieldErrors = {}, requestId: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.requestId = requestId;
  }
}

/** Status 0 marks a request that never got an answer (network down, server stopped). */
export const NETWORK_ERROR_STATUS = 0;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readFields(value: unknown): FieldErrors {
  if (!isRecord(value)) return {};
  const fields: FieldErrors = {};
  for (const [name, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) fields[name] = messages.map(String);
    else if (messages !== undefined && messages !== null) fields[name] = [String(messages)];
  }
  return fields;
}

/** Builds an ApiError from a non-2xx answer, whatever its body turned out to be. */
export function toApiError(status: number, body: unknown, requestId: string | null = null): ApiError {
  if (isRecord(body) && typeof body.code === 'string') {
    const message = typeof body.message === 'string' ? body.message : '';
    return new ApiError(status, body.code, message, readFields(body.fields), requestId);
  }
  return new ApiError(status, `http_${status}`, '', {}, requestId);
}

/** Errors that belong under a form field; `non_field_errors` is already the message itself. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(
    Object.entries(error.fields).filter(([name, messages]) => name !== 'non_field_errors' && messages.length > 0),
  );
}

export type ErrorFallbackKey =
  | 'errors.network'
  | 'errors.unauthenticated'
  | 'errors.forbidden'
  | 'errors.notFound'
  | 'errors.server'
  | 'errors.unknown';

export type ErrorNextStep = 'login' | 'change-password' | null;

export interface ErrorView {
  /** What the toast says; the server's Chinese message when it sent one. */
  message: string;
  /** Errors to put under form fields, keyed by the API's field name. */
  fieldErrors: FieldErrors;
  /** Where the user must go before anything else works. */
  next: ErrorNextStep;
  /** True when the toast would only repeat what the next page makes obvious. */
  silent: boolean;
}

function fallbackKey(status: number): ErrorFallbackKey {
  if (status === NETWORK_ERROR_STATUS) return 'errors.network';
  if (status === 401) return 'errors.unauthenticated';
  if (status === 403) return 'errors.forbidden';
  if (status === 404) return 'errors.notFound';
  if (status >= 500) return 'errors.server';
  return 'errors.unknown';
}

/** The one error policy, as a pure function: no toasts or navigation here, only the decision. */
export function describeError(error: unknown, translate: (key: ErrorFallbackKey) => string): ErrorView {
  if (!(error instanceof ApiError)) {
    return { message: translate('errors.unknown'), fieldErrors: {}, next: null, silent: false };
  }
  const message = error.message || translate(fallbackKey(error.status));
  const fieldErrors = fieldErrorsOf(error);
  if (error.status === 401) {
    // Opening the console without a session is not an error worth a toast; an expired session is.
    return { message, fieldErrors: {}, next: 'login', silent: error.code === 'not_authenticated' };
  }
  if (error.status === 403 && error.code === 'password_change_required') {
    return { message, fieldErrors: {}, next: 'change-password', silent: false };
  }
  return { message, fieldErrors, next: null, silent: false };
}
