import { useEffect, useState } from 'react';

import { clinicNow } from '../../utils/time';

const MINUTE_MS = 60_000;

/** The clinic's current time, updated on every minute boundary. */
export function useMinuteClock() {
  const [now, setNow] = useState(clinicNow);
  useEffect(() => {
    let interval: number | undefined;
    const untilNextMinute = MINUTE_MS - (Date.now() % MINUTE_MS);
    const timeout = window.setTimeout(() => {
      setNow(clinicNow());
      interval = window.setInterval(() => setNow(clinicNow()), MINUTE_MS);
    }, untilNextMinute);
    return () => {
      window.clearTimeout(timeout);
      window.clearInterval(interval);
    };
  }, []);
  return now;
}
