/** Times are stored in UTC and shown in the clinic's zone, whatever zone the browser is set to. */
import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

export const CLINIC_TIME_ZONE = 'Asia/Shanghai';
export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';
export const DATE_TIME_SECONDS_FORMAT = 'YYYY-MM-DD HH:mm:ss';

export function formatDateTime(value: string | null | undefined, format = DATE_TIME_FORMAT): string {
  return value ? dayjs(value).tz(CLINIC_TIME_ZONE).format(format) : '';
}

export function clinicNow(): Dayjs {
  return dayjs().tz(CLINIC_TIME_ZONE);
}

/** A date-time picked on screen is a clinic wall-clock time; the API wants an ISO instant. */
export function toApiDateTime(picked: Dayjs): string {
  return dayjs.tz(picked.format(DATE_TIME_SECONDS_FORMAT), CLINIC_TIME_ZONE).toISOString();
}
