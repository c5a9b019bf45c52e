import { Button, Drawer, Layout, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';

import { ApiError } from '@/api/errors';

import { FullPageSpin } from '../components/FullPageSpin';
import { StaffWatermark } from '../components/watermark/StaffWatermark';
import { useMe } from '../session/useMe';
import { HeaderBar } from './components/HeaderBar';
import { SideMenu } from './components/SideMenu';
import { SiderBrand } from './components/SiderBrand';
import { useLayoutMode } from './useLayoutMode';

const SIDER_WIDTH = 220;
// The dark sider's background (antd's Layout token `siderBg`), so the phone drawer looks like the sider.
const SIDER_BACKGROUND = '#001529';
const PASSWORD_PATH = '/account/password';

/** The signed-in console: side menu (a drawer on phones), header, and the watermarked page. */
export default function BasicLayout() {
  const { t } = useTranslation();
  const { data: me, error, refetch } = useMe();
  const { pathname } = useLocation();
  const mode = useLayoutMode();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // The user's own collapse choice holds until the screen changes class (desktop ↔ tablet).
  const [collapseChoice, setCollapseChoice] = useState<{ mode: typeof mode; collapsed: boolean } | null>(null);
  const collapsed = collapseChoice?.mode === mode ? collapseChoice.collapsed : mode !== 'desktop';

  if (!me) {
    if (error && !(error instanceof ApiError && error.status === 401)) {
      return (
        <Result
          status="error"
          title={t('layout.loadFailed')}
          extra={<Button onClick={() => void refetch()}>{t('common.retry')}</Button>}
        />
      );
    }
    return <FullPageSpin />;
  }
  if (me.must_change_password && pathname !== PASSWORD_PATH) return <Navigate to={PASSWORD_PATH} replace />;

  const toggleMenu = () => {
    if (mode === 'phone') setDrawerOpen(true);
    else setCollapseChoice({ mode, collapsed: !collapsed });
  };

  return (
    <StaffWatermark user={me}>
      <Layout style={{ minHeight: '100vh' }}>
        {mode === 'phone' ? (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={SIDER_WIDTH + 40}
            closable={false}
            styles={{ body: { padding: 0, background: SIDER_BACKGROUND } }}
          >
            <SiderBrand collapsed={false} />
            <SideMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        ) : (
          <Layout.Sider
            width={SIDER_WIDTH}
            collapsed={collapsed}
            trigger={null}
            style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
          >
            <SiderBrand collapsed={collapsed} />
            <SideMenu key={String(collapsed)} collapsed={collapsed} />
          </Layout.Sider>
        )}
        <Layout style={{ minWidth: 0 }}>
          <HeaderBar me={me} mode={mode} collapsed={collapsed} onToggleMenu={toggleMenu} />
          <Layout.Content style={{ padding: mode === 'phone' ? 8 : 16, minWidth: 0 }}>
            <Outlet />
          </Layout.Content>
        </Layout>
      </Layout>
    </StaffWatermark>
  );
}
