import path from 'node:path';

import { expect, test, type Locator, type Page } from '@playwright/test';

import { openAs } from './helpers';

/**
 * The must-show journey of the appointment centre: the receptionist books two lines with two doctors in
 * one screen, drags the first to a later time (the server has the new time), drags it onto a doctor who is busy
 * (refused with the server's reason, the event back where it was), checks the customer in (the waiting list has
 * them), and the message centre shows the confirmation and the reminder of the booking.
 *
 * Times are today's, in the clinic's zone (check-in is only possible on the booking's day), in a window both
 * doctors have free; the director first puts both on duty for the rest of the day, so that the test does not
 * depend on the demo's shifts. The booking is made far enough ahead for its "hours before" reminder to lie in
 * the future; late in the evening, when the day has no room for that, the reminder is not expected (the
 * server leaves out reminders whose time has passed) and the test says so in its annotations.
 */

interface Json {
  [key: string]: unknown;
}

type Line = { id: number; start: string; end: string; staff: { id: number; name: string } };
type Appointment = Json & { id: number; number: string; status: string; lines: Line[]; messages?: Json[] };

const DOCTOR_A = '刘洋';
const DOCTOR_B = '周婷';
const SLOT_PX = 28; // the calendar's slotHeight for one slot
const SLOT_MINUTES = 15; // the demo's slot_minutes

/** A call to the API with the page's session cookie and CSRF token, failing the test on an error answer. */
async function callApi<T = Json>(page: Page, method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'csrftoken')?.value ?? '';
  const response = await page.request.fetch(url, { method, data: body, headers: { 'X-CSRFToken': csrf } });
  expect(response.ok(), `${method} ${url}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

// --- the clinic's clock -------------------------------------------------------------------------------

function clinicToday(): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date())
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const instant = (date: string, minutes: number) => `${date}T${hhmm(minutes)}:00+08:00`;
const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);

/** Types a time into an antd TimePicker (its test id sits on the input) and takes it. */
async function setTime(picker: Locator, time: string) {
  const input = picker.locator('xpath=self::input|descendant::input').first();
  await input.click();
  await input.fill(time);
  await input.press('Enter');
  await expect(input).toHaveValue(time);
}

/**
 * Chooses an option of an Ant Design select: opens it, types `search` when given (the select searches on the
 * server or filters its options), clicks the option and checks the select shows `shown`. A click that lands
 * while the dropdown is still opening or re-rendering is tried again.
 */
async function choose(page: Page, select: Locator, option: string | RegExp, { search, shown }: { search?: string; shown: string }) {
  await expect(async () => {
    if ((await page.locator('.ant-select-dropdown:visible').count()) === 0) {
      await select.click();
      if (search) await page.keyboard.type(search);
    }
    const choice = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
    await choice.click({ timeout: 3_000 });
    await expect(select).toContainText(shown, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

/** The event in the middle of the calendar's scrolling area: near an edge, a drag scrolls the grid under it. */
async function centre(event: Locator) {
  await event.evaluate((element) => element.scrollIntoView({ block: 'center', inline: 'nearest' }));
}

/** Drags with the mouse from the top of `event` by `dx`, `dy` pixels, as a person would. */
async function drag(page: Page, event: Locator, dx: number, dy: number) {
  await centre(event);
  const box = (await event.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + 6;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 8 });
  await page.mouse.move(x + dx, y + dy, { steps: 8 });
  await page.mouse.up();
}

async function columnCenter(page: Page, staffId: number): Promise<number> {
  const head = page.locator('.ec-col-head', { has: page.getByTestId(`calendar-column-staff-${staffId}`) });
  const box = (await head.boundingBox())!;
  return box.x + box.width / 2;
}

test('appointment centre: two-line booking, drag to move, refused drag onto a busy doctor, check-in', async ({ browser }) => {
  test.setTimeout(180_000);
  const today = clinicToday();

  // given both doctors on duty for the rest of today, and a window of 90 minutes both have free
  const director = await openAs(browser, 'director');
  const doctors = await callApi<{ id: number; name: string }[]>(director, 'GET', '/api/v1/customers/staff-options/?position=doctor');
  const doctorA = doctors.find((row) => row.name === DOCTOR_A)!;
  const doctorB = doctors.find((row) => row.name === DOCTOR_B)!;
  expect(doctorA && doctorB, 'the demo doctors').toBeTruthy();
  const roundUp = (minutes: number) => Math.ceil(minutes / SLOT_MINUTES) * SLOT_MINUTES;
  const fits = (minute: number) => minute + 90 <= 24 * 60 - 5;
  const first = roundUp(today.minutes + 10);
  test.skip(!fits(first), 'less than 90 minutes of the clinic\'s day are left to book and check in');
  const settings = await callApi<{ reminder_offsets: { hours_before?: number }[]; send_confirmation: boolean }>(director, 'GET', '/api/v1/appointment-settings/');
  expect(settings.send_confirmation, 'the demo sends a confirmation when booked').toBe(true);
  const leads = settings.reminder_offsets.flatMap((offset) => (offset.hours_before ? [offset.hours_before * 60] : []));
  const reminderFrom = leads.length > 0 ? roundUp(today.minutes + Math.min(...leads) + 10) : null;
  await callApi(director, 'POST', '/api/v1/schedules/bulk/', {
    staff: [doctorA.id, doctorB.id],
    dates: [today.date],
    kind: 'work',
    start: hhmm(Math.floor(first / 60) * 60),
    end: '23:55',
    note: '',
  });
  await director.context().close();

  const page = await openAs(browser, 'reception');
  const calendar = await callApi<{ events: { staff: { id: number }; start: string; end: string }[] }>(
    page,
    'GET',
    `/api/v1/appointments/calendar/?date=${today.date}&days=1&staff=${doctorA.id},${doctorB.id}`,
  );
  // Doctor A holds [T, T+45] (the line and where it is moved), doctor B [T+15, T+75] (the second line and the
  // booking that keeps B busy); nothing else of theirs may lie there.
  const holds = (staff: number, minute: number, from: number, to: number) =>
    calendar.events.some(
      (event) =>
        event.staff.id === staff &&
        Date.parse(event.start) < Date.parse(instant(today.date, minute + to)) &&
        Date.parse(event.end) > Date.parse(instant(today.date, minute + from)),
    );
  const busy = (minute: number) => holds(doctorA.id, minute, 0, 45) || holds(doctorB.id, minute, 15, 75);
  const freeFrom = (from: number): number | null => {
    for (let minute = from; fits(minute); minute += SLOT_MINUTES) if (!busy(minute)) return minute;
    return null;
  };
  // Far enough ahead for a reminder if the day allows, else as soon as possible.
  const reminded = reminderFrom === null ? null : freeFrom(reminderFrom);
  const withReminder = reminded !== null;
  if (!withReminder) test.info().annotations.push({ type: 'note', description: 'too late today for a reminder before the booking' });
  const found = reminded ?? freeFrom(first);
  test.skip(found === null, 'the doctors have no free window left today');
  const start = found!;
  // Customers not already in today's waiting list (a second visit the same day is refused at check-in).
  const waiting = new Set((await callApi<{ customer: { id: number } }[]>(page, 'GET', '/api/v1/visits/waiting/')).map((visit) => visit.customer.id));
  const customers = await callApi<{ results: { id: number; name: string }[] }>(page, 'GET', '/api/v1/customers/?page_size=50&ordering=-visit_count');
  const [customer, other] = customers.results.filter((row) => !waiting.has(row.id));

  // when the receptionist books a 光子嫩肤 line with doctor A and a consultation with doctor B in one screen
  await page.goto(`/appointments?date=${today.date}`);
  await expect(page.getByTestId(`calendar-column-staff-${doctorA.id}`)).toBeVisible();
  await page.getByTestId('new-appointment').click();
  const drawer = page.getByTestId('booking-drawer');
  await expect(drawer).toBeVisible();
  await choose(page, page.getByTestId('booking-customer'), `#${customer.id}`, { search: customer.name, shown: customer.name });
  await choose(page, page.getByTestId('booking-source'), '电话预约', { shown: '电话预约' });

  await choose(page, page.getByTestId('booking-line-0-item'), '光子嫩肤', { search: '光子', shown: '光子嫩肤' });
  await choose(page, page.getByTestId('booking-line-0-staff'), DOCTOR_A, { shown: DOCTOR_A });
  await setTime(page.getByTestId('booking-line-0-start'), hhmm(start));
  await setTime(page.getByTestId('booking-line-0-end'), hhmm(start + 15));

  await page.getByTestId('booking-add-line').click();
  await page.getByTestId('booking-line-1-title').fill('术前面诊');
  await choose(page, page.getByTestId('booking-line-1-staff'), DOCTOR_B, { shown: DOCTOR_B });
  await setTime(page.getByTestId('booking-line-1-start'), hhmm(start + 15));
  await setTime(page.getByTestId('booking-line-1-end'), hhmm(start + 30));

  const saving = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/v1/appointments/');
  await page.getByTestId('booking-submit').click();
  const saved = await saving;
  expect(saved.status(), await saved.text()).toBe(201);
  const booking = (await saved.json()) as Appointment;
  expect(booking.lines.map((line) => line.staff.name)).toEqual([DOCTOR_A, DOCTOR_B]);
  await expect(drawer).toBeHidden();

  // then both lines are on the calendar, in their doctors' columns
  const lineA = booking.lines[0];
  const eventA = page.getByTestId(`calendar-event-${lineA.id}`);
  await expect(eventA).toContainText(customer.name);
  // (a 15-minute line shows its time, customer and status; what it is about is in its tooltip)
  await expect(page.getByTestId(`calendar-event-${booking.lines[1].id}`)).toHaveAttribute('title', new RegExp(`术前面诊 · ${DOCTOR_B}`));

  // when the first line is dragged 30 minutes later in doctor A's column
  let moving = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes(`/appointments/${booking.id}/move/`));
  await drag(page, eventA, 0, (30 / SLOT_MINUTES) * SLOT_PX);
  let moved = await moving;
  expect(moved.status(), await moved.text()).toBe(200);

  // then the server has the new time
  const storedLine = async () => {
    const stored = await callApi<Appointment>(page, 'GET', `/api/v1/appointments/${booking.id}/`);
    return stored.lines.find((line) => line.id === lineA.id)!;
  };
  let line = await storedLine();
  expect(sameInstant(line.start, instant(today.date, start + 30)), line.start).toBe(true);
  expect(sameInstant(line.end, instant(today.date, start + 45)), line.end).toBe(true);
  expect(line.staff.id).toBe(doctorA.id);
  await expect(eventA).toContainText(hhmm(start + 30));

  // given doctor B busy with another customer an hour after the booking
  const blocker = await callApi<Appointment>(page, 'POST', '/api/v1/appointments/', {
    customer: other.id,
    type: 'consultation',
    source: '',
    note: '',
    confirm_warnings: false,
    lines: [{ title: '复诊咨询', staff: doctorB.id, start: instant(today.date, start + 60), end: instant(today.date, start + 75) }],
  });
  await page.getByRole('button', { name: '刷新' }).click();
  await expect(page.getByTestId(`calendar-event-${blocker.lines[0].id}`)).toBeVisible();

  // when the first line is dragged onto doctor B at that time
  await centre(eventA);
  const before = (await eventA.boundingBox())!;
  const dx = (await columnCenter(page, doctorB.id)) - (await columnCenter(page, doctorA.id));
  moving = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes(`/appointments/${booking.id}/move/`));
  await drag(page, eventA, dx, (30 / SLOT_MINUTES) * SLOT_PX);
  moved = await moving;
  expect(moved.status()).toBe(409);

  // then the refusal names the busy doctor and the other booking, and the event is back where it was
  const refusal = page.getByTestId('move-refused');
  await expect(refusal).toContainText('无法调整预约');
  await expect(refusal).toContainText(`${DOCTOR_B} ${hhmm(start + 60)}–${hhmm(start + 75)} 已有预约`);
  await expect(refusal).toContainText(blocker.number);
  await expect.poll(async () => {
    const box = (await eventA.boundingBox())!;
    return Math.abs(box.x - before.x) + Math.abs(box.y - before.y);
  }).toBeLessThan(2);
  line = await storedLine();
  expect(line.staff.id).toBe(doctorA.id);
  expect(sameInstant(line.start, instant(today.date, start + 30)), line.start).toBe(true);
  await page.screenshot({ path: path.join(import.meta.dirname, '..', 'screenshots', 'appointments-refused.png') });

  // when the receptionist opens the booking and checks the customer in
  await eventA.click();
  const detail = page.getByTestId('appointment-drawer');
  await expect(detail).toContainText(booking.number);
  await expect(detail.getByTestId('appointment-lines')).toContainText(DOCTOR_A);
  await expect(detail.getByTestId('appointment-lines')).toContainText(DOCTOR_B);
  await detail.getByTestId('appointment-check-in').click();
  await expect(page.getByTestId('check-in-done')).toBeVisible();
  await expect(detail.getByTestId('appointment-status')).toHaveText('已到院');

  // then the customer is on the waiting list
  await page.goto('/reception/waiting');
  await expect(page.getByTestId('waiting-table')).toContainText(customer.name);
  const stored = await callApi<Appointment>(page, 'GET', `/api/v1/appointments/${booking.id}/`);
  expect(stored.status).toBe('arrived');
  expect(stored.visit).toBeTruthy();

  // and the message centre, opened from the booking, has its confirmation and its reminder (the reminder was
  // rescheduled by the move and withdrawn by the arrival)
  await page.goto(`/appointments?date=${today.date}&appointment=${booking.id}`);
  await expect(detail.getByTestId('appointment-messages')).toContainText('预约成功');
  await detail.getByTestId('appointment-message-centre').click();
  await expect(page).toHaveURL(new RegExp(`/messages\\?source_type=appointments\\.appointment&source_id=${booking.id}$`));
  const messages = page.getByTestId('messages-table');
  await expect(messages.locator('.ant-table-row').filter({ hasText: '预约成功' }).first()).toContainText(customer.name);
  if (withReminder) {
    await expect(messages.locator('.ant-table-row').filter({ hasText: '预约提醒' }).first()).toContainText(customer.name);
    const kinds = stored.messages!.map((message) => message.kind);
    expect(kinds).toContain('appointment.reminder');
  }
  await page.screenshot({ path: path.join(import.meta.dirname, '..', 'screenshots', 'appointments-messages.png') });
  await page.context().close();
});

/** Full-page pictures of the appointment pages at phone, iPad and desktop widths, for a person to look at. */
for (const { width, height } of [
  { width: 375, height: 812 },
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
]) {
  test(`appointment pages at ${width} px`, { tag: '@screenshots' }, async ({ browser }) => {
    const page = await openAs(browser, 'director', { viewport: { width, height } });
    const shoot = async (name: string) => {
      await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
      await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
      await page.screenshot({ path: path.join(import.meta.dirname, '..', 'screenshots', `${width}-${name}.png`), fullPage: true });
    };
    await page.goto('/appointments');
    await expect(page.getByTestId(width < 768 ? 'appointment-agenda' : 'appointment-calendar')).toBeVisible();
    await shoot('appointments-calendar');
    if (width >= 768) {
      await page.getByTestId('calendar-view').getByText('周').click();
      await expect(page.locator('.ec-week-view')).toBeVisible();
      await shoot('appointments-week');
      await page.getByTestId('calendar-group').getByText('按房间/设备').click();
      await expect(page.locator('.ec-col-head').first()).toBeVisible();
      await shoot('appointments-rooms');
    }
    await page.goto('/appointments/list');
    await expect(page.getByTestId(width < 768 ? 'appointment-cards' : 'appointment-table')).toBeVisible();
    await shoot('appointments-list');
    await page.goto('/appointments/schedules');
    await expect(page.getByTestId('schedule-grid')).toBeVisible();
    await shoot('appointments-schedules');
    await page.getByRole('tab', { name: '排班模板' }).click();
    await expect(page.getByTestId('template-table')).toBeVisible();
    await shoot('appointments-templates');
    await page.goto('/appointments/settings');
    await expect(page.getByTestId('appointment-settings')).toBeVisible();
    await shoot('appointments-settings');
    await page.goto('/appointments/resources');
    await expect(page.locator(width < 768 ? '.ant-card' : '.ant-table-row').first()).toBeVisible();
    await shoot('appointments-resources');
    await page.context().close();
  });
}
