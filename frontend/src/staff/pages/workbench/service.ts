/**
 * The workbench API as the page uses it: one GET that answers the views the user's roles open (or the one
 * asked for), refreshed every minute and when the window regains focus. A figure the user may not open is
 * null; every figure carries the console route of the list behind it.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/api/client';

export type Workbench = Schemas['Workbench'];
export type WorkbenchView = Schemas['WorkbenchViewEnum'];
export type CountFigure = Schemas['WorkbenchCount'];
export type AmountFigure = Schemas['WorkbenchAmount'];
export type TrendFigure = Schemas['WorkbenchTrend'];
export type VisitRow = Schemas['WorkbenchVisit'];
export type TaskRow = Schemas['WorkbenchTask'];
export type FollowUpTask = Schemas['FollowUpTask'];

export const WORKBENCH_VIEWS: WorkbenchView[] = ['reception', 'consultant', 'clinician', 'cashier', 'director'];
export const REFRESH_MS = 60_000;

export const workbenchKeys = {
  all: ['workbench'] as const,
  view: (view: WorkbenchView | undefined) => ['workbench', view ?? 'all'] as const,
};

export function isWorkbenchView(value: string | null | undefined): value is WorkbenchView {
  return (WORKBENCH_VIEWS as (string | null | undefined)[]).includes(value);
}

export const getWorkbench = (view?: WorkbenchView) =>
  unwrap(api.GET('/api/v1/workbench/', { params: { query: view ? { view } : {} } }));

/** The workbench, refreshed by itself: every minute while the page is open and whenever the window gets focus. */
export function useWorkbench(view?: WorkbenchView) {
  return useQuery({
    queryKey: workbenchKeys.view(view),
    queryFn: () => getWorkbench(view),
    refetchInterval: REFRESH_MS,
    refetchOnWindowFocus: true,
    staleTime: 10_000,
    // Switching tabs keeps the tabs on screen while the next view loads.
    placeholderData: keepPreviousData,
  });
}

/** One follow-up task, for the record-result drawer opened from the workbench. */
export const getFollowUpTask = (id: number) => unwrap(api.GET('/api/v1/followups/{id}/', { params: { path: { id } } }));
