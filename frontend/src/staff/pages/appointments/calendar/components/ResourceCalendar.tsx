import type { Calendar } from '@event-calendar/core';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiDateTime } from '../../../../utils/time';
import { useAppointmentLabels } from '../../components/labels';
import { useMoveLine } from '../../components/useAppointmentActions';
import type { CalendarData } from '../../types';
import { CALENDAR_TIME_ZONE, lineOf, lineSubject, moveAssignment, parseColumnId, toCalendarEvents, visibleHours, wallClock } from '../calendarModel';
import { EventCalendar } from './EventCalendar';

export interface SlotPick {
  start: Dayjs;
  end: Dayjs;
  staff?: number;
  resource?: number;
}

interface ResourceCalendarProps {
  data: CalendarData;
  date: string;
  days: 1 | 7;
  group: 'staff' | 'resource';
  slotMinutes: number;
  /** The clinic's usual day (settings), widened by the data when shifts or bookings fall outside it. */
  dayHours: [number, number];
  /** The hour the grid first shows (scrolled to); the grid's height, or 'auto' to grow with the day. */
  scrollHour: number;
  height: string;
  /** Wide enough columns that many staff scroll sideways instead of squeezing (iPad, week view). */
  columnWidth?: string;
  canBook: boolean;
  onPickSlot: (slot: SlotPick) => void;
  onOpenAppointment: (appointment: number) => void;
}

function element(tag: string, className: string, text: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

/** Lines this short get one row of text. */
const SHORT_EVENT_MS = 20 * 60_000;

const duration = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The day or week grid of EventCalendar with a column per staff member (or room/device). */
export function ResourceCalendar({ data, date, days, group, slotMinutes, dayHours, scrollHour, height, columnWidth, canBook, onPickSlot, onOpenAppointment }: ResourceCalendarProps) {
  const labels = useAppointmentLabels();
  const move = useMoveLine();
  const { i18n } = useTranslation();
  const language = i18n.language;

  const events = useMemo(() => toCalendarEvents(data), [data]);
  const resources = useMemo(() => data.resources.map((resource) => ({ id: resource.id, title: resource.title })), [data.resources]);
  const [firstHour, lastHour] = dayHours;
  const [slotMinTime, slotMaxTime] = useMemo(() => visibleHours(data, [firstHour, lastHour]), [data, firstHour, lastHour]);

  const options = useMemo<Calendar.Options>(
    () => ({
      view: days === 1 ? 'resourceTimeGridDay' : 'resourceTimeGridWeek',
      date,
      timeZone: CALENDAR_TIME_ZONE,
      locale: language,
      firstDay: 1,
      headerToolbar: { start: '', center: '', end: '' },
      allDaySlot: false,
      datesAboveResources: days === 7,
      resources,
      events,
      slotMinTime,
      slotMaxTime,
      slotDuration: duration(slotMinutes),
      snapDuration: duration(Math.min(slotMinutes, 15)),
      slotLabelInterval: '01:00',
      slotHeight: 28,
      scrollTime: `${String(scrollHour).padStart(2, '0')}:00`,
      height,
      columnWidth,
      nowIndicator: true,
      // An iPad's finger: half a second's hold picks an event up or starts a selection (the default is a second).
      longPressDelay: 500,
      selectable: canBook,
      pointer: canBook,
      editable: true,
      eventStartEditable: true,
      eventDurationEditable: true,
      dayHeaderFormat: { weekday: 'short', month: 'numeric', day: 'numeric' },
      slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    }),
    [days, date, language, resources, events, slotMinTime, slotMaxTime, slotMinutes, scrollHour, height, columnWidth, canBook],
  );

  const pick = (start: Date, end: Date, column: string | undefined) => {
    const parsed = parseColumnId(column);
    onPickSlot({
      start: wallClock(start),
      end: wallClock(end),
      ...(parsed?.kind === 'staff' ? { staff: parsed.id } : {}),
      ...(parsed?.kind === 'resource' ? { resource: parsed.id } : {}),
    });
  };

  return (
    <EventCalendar
      options={options}
      data-testid="appointment-calendar"
      handlers={{
        select: (info) => canBook && pick(info.start, info.end, info.resource?.id),
        dateClick: (info) => {
          if (!canBook) return;
          pick(info.date, new Date(info.date.getTime() + slotMinutes * 60_000), info.resource?.id);
        },
        eventClick: (info) => {
          const line = lineOf(info.event);
          if (line) onOpenAppointment(line.appointment);
        },
        eventDrop: (info) => {
          const line = lineOf(info.event);
          if (!line) return info.revert();
          void move(
            line.appointment,
            {
              line: line.id,
              start: toApiDateTime(wallClock(info.event.start)),
              end: toApiDateTime(wallClock(info.event.end)),
              ...(info.newResource ? moveAssignment(info.newResource.id) : {}),
            },
            info.revert,
          );
        },
        eventResize: (info) => {
          const line = lineOf(info.event);
          if (!line) return info.revert();
          void move(
            line.appointment,
            { line: line.id, start: toApiDateTime(wallClock(info.event.start)), end: toApiDateTime(wallClock(info.event.end)) },
            info.revert,
          );
        },
        eventContent: (info) => {
          const line = lineOf(info.event);
          if (!line) return '';
          const other = group === 'staff' ? line.resource?.name : line.staff.name;
          const subject = [lineSubject(line) || labels.type(line.type), other].filter(Boolean).join(' · ');
          // The week's narrow columns leave the status to the event's look (and the tooltip).
          const status = days === 1 ? [element('span', 'appt-ev-status', labels.status(line.status))] : [];
          if (info.event.end.getTime() - info.event.start.getTime() <= SHORT_EVENT_MS) {
            // A short line has room for one row: time, customer, status; the rest is in the tooltip.
            const row = element('div', 'appt-ev-head appt-ev-compact', '');
            row.append(element('span', 'appt-ev-customer', `${wallClock(info.event.start).format('HH:mm')} ${line.customer.name}`), ...status);
            return { domNodes: [row] };
          }
          const head = element('div', 'appt-ev-head', info.timeText);
          head.append(...status);
          return {
            domNodes: [head, element('div', 'appt-ev-customer', line.customer.name), element('div', 'appt-ev-subject', subject)],
          };
        },
        eventDidMount: (info) => {
          const line = lineOf(info.event);
          if (!line) return;
          info.el.dataset.testid = `calendar-event-${line.id}`;
          info.el.dataset.appointment = String(line.appointment);
          info.el.title = [line.number, line.customer.name, lineSubject(line), line.staff.name, line.resource?.name, labels.status(line.status)].filter(Boolean).join(' · ');
        },
        resourceLabelDidMount: (info) => {
          info.el.dataset.testid = `calendar-column-${info.resource.id}`;
        },
      }}
    />
  );
}
