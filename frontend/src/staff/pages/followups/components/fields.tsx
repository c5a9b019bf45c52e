/** Form pieces the follow-up forms share: the contact method, common purposes, a pool (org unit) picker. */
import { AutoComplete, Input, Radio, Select, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';

import { useOrgUnits } from '../../../services/lookups';
import { toTreeOptions } from '../../../utils/orgTree';
import { METHODS } from '../tasks/listState';
import type { TaskMethod } from '../types';
import { useFollowupLabels } from './labels';

export const PURPOSE_KEYS = [
  'pages.followups.purpose.postTreatment',
  'pages.followups.purpose.invite',
  'pages.followups.purpose.noShow',
  'pages.followups.purpose.unpaid',
  'pages.followups.purpose.recheck',
  'pages.followups.purpose.care',
] as const;

export function MethodRadio({ value, onChange, id }: { value?: TaskMethod; onChange?: (value: TaskMethod) => void; id?: string }) {
  const labels = useFollowupLabels();
  return (
    <Radio.Group
      id={id}
      value={value}
      onChange={(event) => onChange?.(event.target.value as TaskMethod)}
      optionType="button"
      buttonStyle="solid"
      options={METHODS.map((method) => ({ value: method, label: labels.method(method) }))}
      data-testid="followup-method"
    />
  );
}

export function MethodSelect({ value, onChange, allowClear, placeholder, style }: { value?: TaskMethod; onChange?: (value: TaskMethod | undefined) => void; allowClear?: boolean; placeholder?: string; style?: React.CSSProperties }) {
  const labels = useFollowupLabels();
  return (
    <Select<TaskMethod>
      value={value}
      onChange={(next) => onChange?.(next ?? undefined)}
      allowClear={allowClear}
      placeholder={placeholder}
      options={METHODS.map((method) => ({ value: method, label: labels.method(method) }))}
      style={style}
    />
  );
}

/** A follow-up pool is an org unit (a team or the department) whose members may pick its tasks up. */
export function PoolSelect({ value, onChange, id, placeholder }: { value?: number | null; onChange?: (value: number | null) => void; id?: string; placeholder?: string }) {
  const { t } = useTranslation();
  const units = useOrgUnits();
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(next: number | undefined) => onChange?.(next ?? null)}
      allowClear
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      loading={units.isPending}
      placeholder={placeholder ?? t('pages.followups.field.pool.placeholder')}
      treeData={toTreeOptions(units.data ?? [])}
      style={{ width: '100%' }}
    />
  );
}

interface PurposeInputProps {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  'data-testid'?: string;
}

/** The purpose, typed or picked from the common ones; the suggestions narrow to what has been typed. */
export function PurposeInput({ value, onChange, id, ...rest }: PurposeInputProps) {
  const { t } = useTranslation();
  return (
    <AutoComplete
      value={value}
      onChange={onChange}
      options={PURPOSE_KEYS.map((key) => ({ value: t(key) }))}
      showSearch={{ filterOption: (typed, option) => !typed.trim() || String(option?.value ?? '').includes(typed.trim()) }}
    >
      <Input id={id} maxLength={100} placeholder={t('pages.followups.field.purpose.placeholder')} data-testid={rest['data-testid']} />
    </AutoComplete>
  );
}
