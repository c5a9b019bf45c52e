/** The department's reference lists for customer files: sources, tag categories and tags, membership tiers. */
import { api, unwrap, type Schemas } from '@/api/client';

export type SourceChannel = Schemas['SourceChannel'];
export type SourceChannelInput = Schemas['SourceChannelRequest'];
export type TagCategory = Schemas['TagCategory'];
export type TagCategoryInput = Schemas['TagCategoryRequest'];
export type Tag = Schemas['Tag'];
export type TagInput = Schemas['TagRequest'];
export type MembershipTier = Schemas['MembershipTier'];
export type MembershipTierInput = Schemas['MembershipTierRequest'];

/** Query keys; other pages reading the same lists share them, so a change here refreshes their pickers. */
export const settingsKeys = {
  sources: ['source-channels'] as const,
  tagCategories: ['tag-categories'] as const,
  tags: ['tags'] as const,
  tiers: ['membership-tiers'] as const,
};

const byId = (id: number) => ({ params: { path: { id } } });

export const listSources = () => unwrap(api.GET('/api/v1/source-channels/'));
export const createSource = (body: SourceChannelInput) => unwrap(api.POST('/api/v1/source-channels/', { body }));
export const updateSource = (id: number, body: SourceChannelInput) =>
  unwrap(api.PATCH('/api/v1/source-channels/{id}/', { ...byId(id), body }));
export const deleteSource = (id: number) => unwrap(api.DELETE('/api/v1/source-channels/{id}/', byId(id)));

export const listTagCategories = () => unwrap(api.GET('/api/v1/tag-categories/'));
export const createTagCategory = (body: TagCategoryInput) => unwrap(api.POST('/api/v1/tag-categories/', { body }));
export const updateTagCategory = (id: number, body: TagCategoryInput) =>
  unwrap(api.PATCH('/api/v1/tag-categories/{id}/', { ...byId(id), body }));
export const deleteTagCategory = (id: number) => unwrap(api.DELETE('/api/v1/tag-categories/{id}/', byId(id)));

export const listTags = () => unwrap(api.GET('/api/v1/tags/'));
export const createTag = (body: TagInput) => unwrap(api.POST('/api/v1/tags/', { body }));
export const updateTag = (id: number, body: TagInput) => unwrap(api.PATCH('/api/v1/tags/{id}/', { ...byId(id), body }));
export const deleteTag = (id: number) => unwrap(api.DELETE('/api/v1/tags/{id}/', byId(id)));

export const listTiers = () => unwrap(api.GET('/api/v1/membership-tiers/'));
export const createTier = (body: MembershipTierInput) => unwrap(api.POST('/api/v1/membership-tiers/', { body }));
export const updateTier = (id: number, body: MembershipTierInput) =>
  unwrap(api.PATCH('/api/v1/membership-tiers/{id}/', { ...byId(id), body }));
export const deleteTier = (id: number) => unwrap(api.DELETE('/api/v1/membership-tiers/{id}/', byId(id)));

export type AssessmentForm = Schemas['AssessmentForm'];
export type AssessmentFormInput = Schemas['AssessmentFormRequest'];

/** Assessment forms: read with `customers.assessment.view`, changed with `customers.settings.manage`. */
export const assessmentFormKeys = { all: ['assessment-forms'] as const };

export const listAssessmentForms = () => unwrap(api.GET('/api/v1/assessment-forms/'));
export const createAssessmentForm = (body: AssessmentFormInput) => unwrap(api.POST('/api/v1/assessment-forms/', { body }));
export const updateAssessmentForm = (id: number, body: AssessmentFormInput) =>
  unwrap(api.PATCH('/api/v1/assessment-forms/{id}/', { ...byId(id), body }));
export const deleteAssessmentForm = (id: number) => unwrap(api.DELETE('/api/v1/assessment-forms/{id}/', byId(id)));
