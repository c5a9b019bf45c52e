import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { TagRef } from './service';

interface TagListProps {
  tags: readonly Pick<TagRef, 'id' | 'name' | 'color'>[];
  /** Show at most this many and a "+n" for the rest. */
  max?: number;
  /** Text when there are none; nothing when absent. */
  emptyText?: boolean;
}

/** A customer's tags in their department colours. */
export function TagList({ tags, max, emptyText = false }: TagListProps) {
  const { t } = useTranslation();
  if (tags.length === 0) return emptyText ? <Typography.Text type="secondary">{t('common.none')}</Typography.Text> : null;
  const shown = max ? tags.slice(0, max) : tags;
  return (
    <Flex wrap gap={4}>
      {shown.map((tag) => (
        <Tag key={tag.id} color={tag.color || undefined} style={{ marginInlineEnd: 0 }}>
          {tag.name}
        </Tag>
      ))}
      {shown.length < tags.length && <Tag style={{ marginInlineEnd: 0 }}>+{tags.length - shown.length}</Tag>}
    </Flex>
  );
}
