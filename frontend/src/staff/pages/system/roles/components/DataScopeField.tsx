import { Flex, Select, TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { currentLanguage } from '@/locales';

import type { UnitTreeOption } from '../../../../utils/orgTree';
import type { DataScopeRow, ModuleOption, Scope, ScopeOption } from '../service';

interface DataScopeFieldProps {
  modules: ModuleOption[];
  scopes: ScopeOption[];
  unitOptions: UnitTreeOption[];
  value?: DataScopeRow[];
  onChange?: (rows: DataScopeRow[]) => void;
  disabled?: boolean;
}

/** Form control for a role's data scopes: one row per module; "chosen units" asks which units. */
export function DataScopeField({ modules, scopes, unitOptions, value = [], onChange, disabled = false }: DataScopeFieldProps) {
  const { t } = useTranslation();
  const english = currentLanguage() === 'en-US';
  const rowOf = (module: string) => value.find((row) => row.module === module);

  const update = (module: string, scope: Scope | undefined, units: number[] = []) => {
    const others = value.filter((row) => row.module !== module);
    onChange?.(scope ? [...others, { module, scope, units: scope === 'custom' ? units : [] }] : others);
  };

  return (
    <Flex vertical gap={12} data-testid="data-scope-editor">
      {modules.map((module) => {
        const row = rowOf(module.code);
        return (
          <Flex key={module.code} wrap gap={8} align="center">
            <Typography.Text style={{ width: 140 }}>{english ? module.name_en || module.name : module.name}</Typography.Text>
            <Select<Scope>
              allowClear
              disabled={disabled}
              value={row?.scope}
              placeholder={t('pages.system.roles.dataScopes.unset')}
              options={scopes.map((scope) => ({ value: scope.value, label: english ? scope.label_en || scope.label : scope.label }))}
              onChange={(scope) => update(module.code, scope, row?.units)}
              style={{ width: 240, maxWidth: '100%' }}
            />
            {row?.scope === 'custom' && (
              <TreeSelect<number[]>
                multiple
                disabled={disabled}
                value={row.units ?? []}
                treeData={unitOptions}
                treeDefaultExpandAll
                placeholder={t('pages.system.roles.dataScopes.units')}
                onChange={(units) => update(module.code, 'custom', units)}
                style={{ flex: 1, minWidth: 220 }}
              />
            )}
          </Flex>
        );
      })}
    </Flex>
  );
}
