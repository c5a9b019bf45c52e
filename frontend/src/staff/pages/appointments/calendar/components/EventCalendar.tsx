import { createCalendar, destroyCalendar, Interaction, ResourceTimeGrid, type Calendar } from '@event-calendar/core';
import '@event-calendar/core/index.css';
import { useEffect, useLayoutEffect, useRef } from 'react';

import './calendar.css';

/** The callbacks the page handles; they may change on every render without resetting the calendar. */
export type CalendarHandlers = Pick<
  Calendar.Options,
  'select' | 'dateClick' | 'eventClick' | 'eventDrop' | 'eventResize' | 'eventDidMount' | 'resourceLabelDidMount' | 'eventContent'
>;

const HANDLER_NAMES = ['select', 'dateClick', 'eventClick', 'eventDrop', 'eventResize', 'eventDidMount', 'resourceLabelDidMount', 'eventContent'] as const;

interface EventCalendarProps {
  /** Everything but the handlers; keep values stable between renders (useMemo), each change is applied. */
  options: Calendar.Options;
  handlers: CalendarHandlers;
  'data-testid'?: string;
}

/**
 * EventCalendar (a Svelte widget) in React: created once on a div, its options applied one by one as they
 * change, the handlers reached through a ref so that a new closure is not a new option.
 */
export function EventCalendar({ options, handlers, ...rest }: EventCalendarProps) {
  const host = useRef<HTMLDivElement>(null);
  const calendar = useRef<Calendar | null>(null);
  const applied = useRef<Calendar.Options>({});
  const latestHandlers = useRef(handlers);
  const latestOptions = useRef(options);

  useLayoutEffect(() => {
    latestHandlers.current = handlers;
    latestOptions.current = options;
  });

  useEffect(() => {
    const trampolines = Object.fromEntries(
      HANDLER_NAMES.map((name) => [
        name,
        (...args: unknown[]) => (latestHandlers.current[name] as ((...a: unknown[]) => unknown) | undefined)?.(...args),
      ]),
    ) as CalendarHandlers;
    const instance = createCalendar(host.current!, [ResourceTimeGrid, Interaction], { ...latestOptions.current, ...trampolines });
    calendar.current = instance;
    applied.current = latestOptions.current;
    return () => {
      calendar.current = null;
      applied.current = {};
      void destroyCalendar(instance);
    };
  }, []);

  useEffect(() => {
    const instance = calendar.current;
    if (!instance) return;
    for (const [name, value] of Object.entries(options) as [keyof Calendar.Options, never][]) {
      if (applied.current[name] !== value) instance.setOption(name, value);
    }
    applied.current = options;
  }, [options]);

  return <div ref={host} className="appt-calendar" data-testid={rest['data-testid']} />;
}
