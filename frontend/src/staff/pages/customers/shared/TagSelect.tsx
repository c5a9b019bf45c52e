import { Select, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { useTagCategories, useTags, type Tag as TagRow, type TagCategory } from './service';

interface TagSelectProps {
  value?: number[];
  onChange?: (value: number[]) => void;
  /** Tags already on the customer, shown even when the tag has since been disabled. */
  current?: readonly { id: number; name: string; color?: string }[];
  /** Offer disabled tags too (to remove them in bulk). */
  includeInactive?: boolean;
  placeholder?: string;
  id?: string;
  style?: React.CSSProperties;
}

interface TagGroup {
  label: string;
  title: string;
  options: { value: number; label: string; color: string; inactive: boolean }[];
}

/** Options grouped by category in the department's order; disabled tags only when kept (already chosen). */
export function groupTags(
  tags: readonly TagRow[],
  categories: readonly TagCategory[],
  keep: ReadonlySet<number> = new Set(),
): TagGroup[] {
  const order = new Map(categories.map((category, index) => [category.id, category.sort ?? index]));
  const groups = new Map<number, TagGroup>();
  const sorted = [...tags].sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a.name.localeCompare(b.name, 'zh-CN'));
  for (const tag of sorted) {
    const active = tag.is_active !== false;
    if (!active && !keep.has(tag.id)) continue;
    const group = groups.get(tag.category) ?? { label: tag.category_name, title: tag.category_name, options: [] };
    group.options.push({ value: tag.id, label: tag.name, color: tag.color ?? '', inactive: !active });
    groups.set(tag.category, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER))
    .map(([, group]) => group);
}

/** Picks tags, grouped by category. Needs the settings view permission to read the tag list. */
export function TagSelect({ value = [], onChange, current = [], includeInactive, placeholder, id, style }: TagSelectProps) {
  const { t } = useTranslation();
  const { data: tags = [], isPending } = useTags(true);
  const { data: categories = [] } = useTagCategories(true);
  const keep = useMemo(
    () => new Set([...value, ...current.map((tag) => tag.id), ...(includeInactive ? tags.map((tag) => tag.id) : [])]),
    [value, current, includeInactive, tags],
  );
  const groups = useMemo(() => groupTags(tags, categories, keep), [tags, categories, keep]);
  const inactiveSuffix = t('pages.customers.tags.inactive');
  const colorOf = new Map(groups.flatMap((group) => group.options.map((option) => [option.value, option.color])));
  for (const tag of current) if (!colorOf.has(tag.id)) colorOf.set(tag.id, tag.color ?? '');

  return (
    <Select<number[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={(next) => onChange?.(next)}
      allowClear
      loading={isPending}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder ?? t('pages.customers.field.tags.placeholder')}
      options={[
        ...groups.map((group) => ({
          ...group,
          options: group.options.map((option) => ({
            ...option,
            label: option.inactive ? `${option.label}${inactiveSuffix}` : option.label,
          })),
        })),
        // Tags on the file that the list does not return any more still show by name.
        ...current
          .filter((tag) => !groups.some((group) => group.options.some((option) => option.value === tag.id)))
          .map((tag) => ({ value: tag.id, label: tag.name })),
      ]}
      tagRender={({ label, value: tagId, closable, onClose }) => (
        <Tag color={colorOf.get(tagId as number) || undefined} closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }}>
          {label}
        </Tag>
      )}
      style={{ width: '100%', ...style }}
    />
  );
}
