import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Empty, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router/dom';

import { registerErrorHandlers } from '@/api/reporting';
import { currentLanguage } from '@/locales';

import { queryClient } from './queryClient';
import { router } from './router';

const ANTD_LOCALES = { 'zh-CN': zhCN, 'en-US': enUS } as const;

// Denser tables than antd's default: staff lists carry many columns and must fit an iPad.
const THEME: ThemeConfig = {
  components: {
    Table: { cellPaddingBlock: 12, cellPaddingInline: 12 },
  },
};

/** Connects the one error policy to antd's message and the router. */
function ErrorPolicyBridge() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  useEffect(() => {
    registerErrorHandlers({
      translate: (key) => t(key),
      notify: (text) => void message.error(text),
      goTo: (next) => {
        const { pathname, search } = router.state.location;
        if (next === 'change-password') {
          if (pathname !== '/account/password') void router.navigate('/account/password');
          return;
        }
        if (pathname === '/login') return;
        const redirect = encodeURIComponent(`${pathname}${search}`);
        void router.navigate(`/login?redirect=${redirect}`, { replace: true }).then(() => queryClient.clear());
      },
    });
  }, [t, message]);
  return null;
}

export default function App() {
  // Subscribing to the translation re-renders the tree with the new antd locale when the language changes.
  const { t } = useTranslation();
  const language = currentLanguage();

  return (
    <ConfigProvider
      locale={ANTD_LOCALES[language]}
      theme={THEME}
      renderEmpty={() => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <ErrorPolicyBridge />
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
