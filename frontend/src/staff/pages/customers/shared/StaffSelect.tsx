import { Select } from 'antd';
import { useTranslation } from 'react-i18next';

import { useStaffOptions } from './service';

interface StaffSelectProps {
  /** Position code (onsite_consultant, online_consultant, doctor); empty for anyone the user reaches. */
  position: string;
  value?: number | number[] | null;
  onChange?: (value: number | number[] | null) => void;
  multiple?: boolean;
  /** Staff already chosen that the options may not contain (left, or outside the user's reach). */
  initialOptions?: readonly ({ id: number; name: string } | null)[];
  placeholder?: string;
  /** An extra first option meaning "no one" (value 0), for bulk reassignment. */
  noneLabel?: string;
  disabled?: boolean;
  id?: string;
  style?: React.CSSProperties;
}

/** Staff the user may assign customers to, searchable by name or staff number. */
export function StaffSelect({ position, value, onChange, multiple, initialOptions = [], placeholder, noneLabel, disabled, id, style }: StaffSelectProps) {
  const { t } = useTranslation();
  const { data: staff = [], isPending } = useStaffOptions(position);
  const options = staff.map((member) => ({
    value: member.id,
    label: `${member.name}（${member.staff_number}）`,
    search: `${member.name} ${member.staff_number} ${member.org_unit_name}`,
  }));
  for (const known of initialOptions) {
    if (known && !options.some((option) => option.value === known.id)) {
      options.push({ value: known.id, label: known.name, search: known.name });
    }
  }
  if (noneLabel) options.unshift({ value: 0, label: noneLabel, search: noneLabel });

  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      allowClear
      disabled={disabled}
      loading={isPending}
      maxTagCount="responsive"
      showSearch={{ optionFilterProp: 'search' }}
      placeholder={placeholder ?? t('pages.customers.select.staff')}
      options={options}
      style={{ width: '100%', ...style }}
    />
  );
}
