import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';

import { describeError } from '@/api/errors';

import { LanguageSwitch } from '../../components/LanguageSwitch';
import { meQueryKey } from '../../session/service';
import { safeRedirect } from './safeRedirect';
import { fetchCsrfCookie, login, type LoginForm } from './service';

export default function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const queryClient = useQueryClient();

  useEffect(() => {
    document.title = `${t('pages.login.title')} - ${t('app.title')}`;
  }, [t]);

  useEffect(() => {
    void fetchCsrfCookie();
  }, []);

  const signIn = useMutation({
    mutationFn: login,
    meta: { inlineError: true },
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
      const target = me.must_change_password ? '/account/password' : safeRedirect(searchParams.get('redirect'));
      void navigate(target, { replace: true });
    },
  });
  const failure = signIn.error ? describeError(signIn.error, t).message : null;

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: '#f0f2f5' }}>
      <Flex justify="flex-end" style={{ position: 'absolute', top: 8, right: 8 }}>
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Flex vertical gap={24}>
          <Flex vertical align="center" gap={4}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('pages.login.subtitle')}</Typography.Text>
          </Flex>
          {failure && <Alert type="error" showIcon title={failure} data-testid="login-error" />}
          <Form<LoginForm> layout="vertical" size="large" onFinish={(values) => signIn.mutate(values)} disabled={signIn.isPending}>
            <Form.Item
              name="username"
              rules={[{ required: true, whitespace: true, message: t('pages.login.username.required') }]}
            >
              <Input prefix={<UserOutlined />} placeholder={t('pages.login.username')} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" rules={[{ required: true, message: t('pages.login.password.required') }]}>
              <Input.Password prefix={<LockOutlined />} placeholder={t('pages.login.password')} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
              {t('pages.login.submit')}
            </Button>
          </Form>
        </Flex>
      </Card>
    </Flex>
  );
}
