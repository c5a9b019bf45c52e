/** The lists behind the 360° tabs: one customer's visits, consultations, assessments and complaints. */
import { api, unwrap, type Schemas } from '@/api/client';

export type Visit = Schemas['Visit'];
export type Consultation = Schemas['Consultation'];
export type Assessment = Schemas['Assessment'];
export type Complaint = Schemas['Complaint'];
export type AssessmentForm = Schemas['AssessmentForm'];

export interface RecordPage<Row> {
  count: number;
  results: Row[];
}

export const TAB_PAGE_SIZE = 10;

export const recordKeys = {
  list: (kind: string, customer: number, page: number) => ['customers', 'records', kind, customer, page] as const,
  assessmentForm: (id: number) => ['assessment-forms', 'detail', id] as const,
};

const page = (customer: number, pageNumber: number) => ({
  params: { query: { customer, page: pageNumber, page_size: TAB_PAGE_SIZE } },
});

export const listVisits = (customer: number, pageNumber: number) => unwrap(api.GET('/api/v1/visits/', page(customer, pageNumber)));
export const listConsultations = (customer: number, pageNumber: number) =>
  unwrap(api.GET('/api/v1/consultations/', page(customer, pageNumber)));
export const listAssessments = (customer: number, pageNumber: number) =>
  unwrap(api.GET('/api/v1/assessments/', page(customer, pageNumber)));
export const listComplaints = (customer: number, pageNumber: number) =>
  unwrap(api.GET('/api/v1/complaints/', page(customer, pageNumber)));
export const getAssessmentForm = (id: number) => unwrap(api.GET('/api/v1/assessment-forms/{id}/', { params: { path: { id } } }));
