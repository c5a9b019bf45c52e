import { useEffect, useState } from 'react';

/** Date.now(), refreshed every `intervalMs`: enough for minute counters without re-rendering every second. */
export function useNow(intervalMs = 20_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
