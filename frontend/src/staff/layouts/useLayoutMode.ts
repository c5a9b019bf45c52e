import { Grid } from 'antd';

/** phone: under 768 px; tablet: 768–1199 px (iPad, portrait and landscape); desktop: 1200 px and wider. */
export type LayoutMode = 'phone' | 'tablet' | 'desktop';

export function useLayoutMode(): LayoutMode {
  const screens = Grid.useBreakpoint();
  if (screens.xl) return 'desktop';
  if (screens.md) return 'tablet';
  return 'phone';
}
