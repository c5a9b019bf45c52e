import { DatePicker } from 'antd';
import type { ComponentProps } from 'react';

type RangePickerProps = ComponentProps<typeof DatePicker.RangePicker>;

/** Minute-precision range picker used by every audit filter bar. */
export function TimeRangePicker(props: Omit<RangePickerProps, 'showTime' | 'format'>) {
  return <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} {...props} />;
}
