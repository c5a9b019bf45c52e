/** Reminder offsets as the settings form edits them: "N days before at HH:mm" or "N hours before". */
import dayjs, { type Dayjs } from 'dayjs';

import type { ReminderOffset } from '../types';

export interface OffsetRow {
  unit: 'days' | 'hours';
  amount: number;
  at?: Dayjs | null;
}

export function toRows(offsets: ReminderOffset[]): OffsetRow[] {
  return offsets.map((offset): OffsetRow =>
    offset.days_before !== undefined
      ? { unit: 'days', amount: offset.days_before, at: dayjs(`2000-01-01T${(offset.at ?? '10:00').slice(0, 5)}`) }
      : { unit: 'hours', amount: offset.hours_before ?? 1 },
  );
}

export function toOffsets(rows: OffsetRow[]): ReminderOffset[] {
  return rows.map((row) =>
    row.unit === 'days' ? { days_before: row.amount, at: (row.at ?? dayjs('2000-01-01T10:00')).format('HH:mm') } : { hours_before: row.amount },
  );
}
