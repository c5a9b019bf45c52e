import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { catalogKeys, listCategories, type Category } from '../service';
import { buildCategoryTree, descendantIds, type CategoryNode } from './categoryTree';

interface CategoryTreeSelectProps {
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** A category whose subtree cannot be chosen (moving a category under itself). */
  excludeSubtreeOf?: number;
  /** Inactive categories are not offered (except the current value). */
  activeOnly?: boolean;
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

function toOptions(nodes: CategoryNode<Category>[], disabled: Set<number>): object[] {
  return nodes.map((node) => ({
    value: node.value,
    title: node.title,
    disabled: disabled.has(node.value),
    children: toOptions(node.children, disabled),
  }));
}

/** Picks a category from the tree. */
export function CategoryTreeSelect({ value, onChange, excludeSubtreeOf, activeOnly = false, allowClear, placeholder, ...rest }: CategoryTreeSelectProps) {
  const { t } = useTranslation();
  const { data: categories = [], isLoading } = useQuery({ queryKey: catalogKeys.categories, queryFn: listCategories });
  const treeData = useMemo(() => {
    const rows = activeOnly ? categories.filter((row) => row.is_active || row.id === value) : categories;
    const disabled = new Set(excludeSubtreeOf ? descendantIds(categories, excludeSubtreeOf) : []);
    return toOptions(buildCategoryTree(rows), disabled);
  }, [categories, activeOnly, excludeSubtreeOf, value]);
  return (
    <TreeSelect
      {...rest}
      value={value ?? undefined}
      onChange={(next) => onChange?.((next as number | undefined) ?? null)}
      treeData={treeData}
      loading={isLoading}
      treeDefaultExpandAll
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      placeholder={placeholder ?? t('pages.catalog.category.placeholder')}
    />
  );
}
