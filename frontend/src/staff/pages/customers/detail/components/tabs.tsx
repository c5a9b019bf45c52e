/**
 * What each 360° tab shows, by the key the server registers it under. The server decides which tabs a user
 * sees and in what order; a key without an entry here (a module whose page is not built yet) shows nothing.
 */
import type { ComponentType } from 'react';

import { TimelineTab } from './TimelineTab';

export interface TabContentProps {
  customerId: number;
}

export const TAB_CONTENT: Record<string, ComponentType<TabContentProps>> = {
  timeline: TimelineTab,
};
