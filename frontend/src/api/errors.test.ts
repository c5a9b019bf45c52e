import { describe, expect, it } from 'vitest';

import { ApiError, describeError, fieldErrorsOf, toApiError, type ErrorFallbackKey } from './errors';

const translate = (key: ErrorFallbackKey) => `[${key}]`;

describe('toApiError', () => {
  it('reads the API error shape', () => {
    const error = toApiError(400, { code: 'invalid', message: '提交的数据有误。', fields: { name: ['必填'] } }, 'req-1');
    expect(error).toMatchObject({ status: 400, code: 'invalid', message: '提交的数据有误。', requestId: 'req-1' });
    expect(error.fields).toEqual({ name: ['必填'] });
  });

  it('accepts a field error given as a single string', () => {
    expect(toApiError(400, { code: 'invalid', message: 'x', fields: { phone: '手机号格式不正确' } }).fields).toEqual({
      phone: ['手机号格式不正确'],
    });
  });

  it('keeps the status when the body is not the API shape (a proxy page, plain text)', () => {
    const error = toApiError(502, '<html>Bad Gateway</html>');
    expect(error).toMatchObject({ status: 502, code: 'http_502', message: '' });
  });
});

describe('describeError', () => {
  it('shows the server message as it is', () => {
    const view = describeError(new ApiError(429, 'account_locked', '账号已锁定，请 30 分钟后再试'), translate);
    expect(view).toEqual({ message: '账号已锁定，请 30 分钟后再试', fieldErrors: {}, next: null, silent: false });
  });

  it('maps validation errors onto fields but keeps non-field errors in the message only', () => {
    const error = new ApiError(400, 'invalid', '提交的数据有 2 处错误，请检查标红的字段。', {
      new_password: ['密码须包含大写字母、小写字母、数字、符号中的至少三类。'],
      non_field_errors: ['两次输入不一致'],
    });
    const view = describeError(error, translate);
    expect(view.message).toBe('提交的数据有 2 处错误，请检查标红的字段。');
    expect(view.fieldErrors).toEqual({ new_password: ['密码须包含大写字母、小写字母、数字、符号中的至少三类。'] });
    expect(fieldErrorsOf(error)).toEqual(view.fieldErrors);
  });

  it('sends an unauthenticated user to the login page without a toast', () => {
    const view = describeError(new ApiError(401, 'not_authenticated', '请先登录。'), translate);
    expect(view).toMatchObject({ next: 'login', silent: true });
  });

  it('tells the user when their session expired', () => {
    const view = describeError(new ApiError(401, 'session_expired', '长时间未操作，请重新登录。'), translate);
    expect(view).toMatchObject({ message: '长时间未操作，请重新登录。', next: 'login', silent: false });
  });

  it('sends a user who must change their password to the password page', () => {
    const view = describeError(new ApiError(403, 'password_change_required', '请先修改密码。'), translate);
    expect(view.next).toBe('change-password');
  });

  it('keeps other 403s on the page', () => {
    const view = describeError(new ApiError(403, 'out_of_scope', '该记录不在您的数据权限范围内，操作未保存。'), translate);
    expect(view).toMatchObject({ next: null, silent: false });
  });

  it.each([
    [0, '[errors.network]'],
    [403, '[errors.forbidden]'],
    [404, '[errors.notFound]'],
    [500, '[errors.server]'],
    [418, '[errors.unknown]'],
  ])('falls back to a local message for status %i without a body', (status, message) => {
    expect(describeError(toApiError(status, undefined), translate).message).toBe(message);
  });

  it('describes anything that is not an ApiError as an unknown failure', () => {
    expect(describeError(new TypeError('boom'), translate)).toEqual({
      message: '[errors.unknown]',
      fieldErrors: {},
      next: null,
      silent: false,
    });
  });
});
