import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

import { useLayoutMode } from '../layouts/useLayoutMode';

interface PageContainerProps {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}

/** The frame of every console page: a title with the page's main actions, and the content in a card. */
export function PageContainer({ title, extra, children }: PageContainerProps) {
  const compact = useLayoutMode() === 'phone';
  return (
    <Flex vertical gap={compact ? 8 : 16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra && (
          <Flex gap={8} wrap>
            {extra}
          </Flex>
        )}
      </Flex>
      <Card variant="borderless" size={compact ? 'small' : 'medium'}>
        {children}
      </Card>
    </Flex>
  );
}
