import { Button, Flex, Tag, Tree, type TreeDataNode } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { currentLanguage } from '@/locales';

import { allCodes, togglePermission } from '../permissionTree';
import type { PermissionNode } from '../service';

interface PermissionTreeFieldProps {
  tree: PermissionNode[];
  value?: string[];
  onChange?: (codes: string[]) => void;
  disabled?: boolean;
}

const KIND_COLORS = { menu: 'purple', page: 'blue', button: 'default' } as const;

/** Form control for a role's function permissions (menus, pages, buttons). */
export function PermissionTreeField({ tree, value = [], onChange, disabled = false }: PermissionTreeFieldProps) {
  const { t } = useTranslation();
  const english = currentLanguage() === 'en-US';

  const treeData = useMemo(() => {
    const convert = (nodes: PermissionNode[]): TreeDataNode[] =>
      nodes.map((node) => ({
        key: node.code,
        title: (
          <span>
            {english ? node.name_en || node.name : node.name}
            <Tag color={KIND_COLORS[node.kind]} style={{ marginInlineStart: 8 }}>
              {t(`enums.permissionKind.${node.kind}`)}
            </Tag>
          </span>
        ),
        children: convert(node.children),
      }));
    return convert(tree);
  }, [tree, english, t]);

  return (
    <Flex vertical gap={8}>
      {!disabled && (
        <Flex gap={8}>
          <Button size="small" onClick={() => onChange?.(allCodes(tree))}>
            {t('pages.system.roles.permissions.all')}
          </Button>
          <Button size="small" onClick={() => onChange?.([])}>
            {t('pages.system.roles.permissions.none')}
          </Button>
        </Flex>
      )}
      <Tree
        checkable
        checkStrictly
        selectable={false}
        defaultExpandAll
        disabled={disabled}
        treeData={treeData}
        checkedKeys={{ checked: value, halfChecked: [] }}
        onCheck={(_, info) => onChange?.(togglePermission(tree, value, String(info.node.key), info.checked))}
        data-testid="permission-tree"
      />
    </Flex>
  );
}
