/**
 * The variables a rule's script template may use, by rule kind, and the preview of a template filled with a
 * sample customer. The server fills the real values when the engine creates a task; an unknown variable is
 * left as written, so the preview marks it.
 */
import type { RuleKind } from '../types';

export type TemplateVariable =
  | 'customer_name'
  | 'consultant_name'
  | 'clinic_name'
  | 'appointment_date'
  | 'appointment_time'
  | 'item_name'
  | 'visit_date'
  | 'remaining'
  | 'paid_date'
  | 'days'
  | 'treatment_date'
  | 'day'
  | 'last_visit_date';

export const COMMON_VARIABLES: readonly TemplateVariable[] = ['customer_name', 'consultant_name', 'clinic_name'];

/** What each rule knows about its trigger beyond the customer. */
export const RULE_VARIABLES: Record<RuleKind, readonly TemplateVariable[]> = {
  no_show: ['appointment_date', 'appointment_time', 'item_name'],
  visit_unpaid: ['visit_date', 'item_name'],
  paid_unused: ['item_name', 'remaining', 'paid_date', 'days'],
  post_treatment: ['item_name', 'treatment_date', 'day'],
  dormant: ['last_visit_date', 'days'],
};

export function variablesFor(kind: RuleKind): TemplateVariable[] {
  return [...COMMON_VARIABLES, ...RULE_VARIABLES[kind]];
}

const VARIABLE = /\{(\w+)\}/g;

/** The variables a template uses that the rule does not offer. */
export function unknownVariables(template: string, kind: RuleKind): string[] {
  const known = new Set<string>(variablesFor(kind));
  const unknown = [...template.matchAll(VARIABLE)].map((match) => match[1]!).filter((name) => !known.has(name));
  return [...new Set(unknown)];
}

/** The template with each known variable replaced by its sample value. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(VARIABLE, (whole, name: string) => values[name] ?? whole);
}
