/**
 * What each 360° tab shows, by the key the server registers it under. The server decides which tabs a user
 * sees and in what order; a key without an entry here (a module whose page is not built yet) shows nothing.
 */
import type { ComponentType } from 'react';

import { CustomerAppointmentsTab } from '../../../appointments/components/CustomerAppointmentsTab';
import { CustomerFollowupsTab } from '../../../followups/components/CustomerFollowupsTab';
import { AssessmentsTab } from './AssessmentsTab';
import { AssetsTab } from './AssetsTab';
import { ComplaintsTab } from './ComplaintsTab';
import { ConsultationsTab } from './ConsultationsTab';
import { DeductionsTab } from './DeductionsTab';
import { OrdersTab } from './OrdersTab';
import { TimelineTab } from './TimelineTab';
import { VisitsTab } from './VisitsTab';

export interface TabContentProps {
  customerId: number;
}

export const TAB_CONTENT: Record<string, ComponentType<TabContentProps>> = {
  visits: VisitsTab,
  consultations: ConsultationsTab,
  assessments: AssessmentsTab,
  complaints: ComplaintsTab,
  appointments: CustomerAppointmentsTab,
  followups: CustomerFollowupsTab,
  orders: OrdersTab,
  assets: AssetsTab,
  deductions: DeductionsTab,
  timeline: TimelineTab,
};
