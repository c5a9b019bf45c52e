import { Flex, Spin } from 'antd';

/** A centred spinner for the whole window, or (`inline`) for the content area while a page loads. */
export function FullPageSpin({ inline = false }: { inline?: boolean }) {
  return (
    <Flex align="center" justify="center" style={{ minHeight: inline ? 240 : '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}
