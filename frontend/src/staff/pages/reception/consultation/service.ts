/** Consultations and doctors' assessments recorded from the consultation page, and the forms assessments use. */
import { api, unwrap, type Schemas } from '@/api/client';

export type Consultation = Schemas['Consultation'];
export type ConsultationInput = Schemas['ConsultationCreateRequest'];
export type AssessmentForm = Schemas['AssessmentForm'];
export type AssessmentInput = Schemas['AssessmentCreateRequest'];

export const recordKeys = {
  consultations: ['consultations'] as const,
  customerConsultations: (customerId: number) => ['consultations', 'customer', customerId] as const,
  assessments: ['assessments'] as const,
  assessmentForms: ['assessment-forms'] as const,
  activeAssessmentForms: ['assessment-forms', 'active'] as const,
};

export const createConsultation = (body: ConsultationInput) => unwrap(api.POST('/api/v1/consultations/', { body }));

/** The customer's latest consultations, for the items they were interested in before. */
export const listCustomerConsultations = (customer: number) =>
  unwrap(api.GET('/api/v1/consultations/', { params: { query: { customer, page_size: 20 } } }));

export const createAssessment = (body: AssessmentInput) => unwrap(api.POST('/api/v1/assessments/', { body }));

export const listActiveAssessmentForms = () =>
  unwrap(api.GET('/api/v1/assessment-forms/', { params: { query: { is_active: true } } }));
