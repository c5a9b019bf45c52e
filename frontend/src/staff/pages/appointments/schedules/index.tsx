import { Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PageContainer } from '../../../components/PageContainer';
import { useSchedulableStaff, useShiftTypes } from '../service';
import { ShiftTypesTab } from './components/ShiftTypesTab';
import { TemplatesTab } from './components/TemplatesTab';
import { WeekGrid } from './components/WeekGrid';
import './schedules.css';

type TabKey = 'week' | 'templates' | 'shifts';

/** 排班: the week's schedules, the weekly templates (applied over holidays and make-up days), the shifts. */
export default function SchedulesPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<TabKey>('week');
  const staff = useSchedulableStaff();
  const shiftTypes = useShiftTypes();
  const people = staff.data;
  const shifts = useMemo(() => shiftTypes.data ?? [], [shiftTypes.data]);
  return (
    <PageContainer title={t('menu.appointments.schedules')}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as TabKey)}
        items={[
          { key: 'week', label: t('pages.appointments.schedules.week'), children: tab === 'week' && <WeekGrid staff={people} shiftTypes={shifts} /> },
          { key: 'templates', label: t('pages.appointments.templates.title'), children: tab === 'templates' && <TemplatesTab staff={people} shiftTypes={shifts} /> },
          { key: 'shifts', label: t('pages.appointments.shift.title'), children: tab === 'shifts' && <ShiftTypesTab shiftTypes={shifts} loading={shiftTypes.isFetching} /> },
        ]}
      />
    </PageContainer>
  );
}
