/**
 * Script-template variables: the server lists what a rule may use (`variables`: name → description) and fills
 * them when the engine creates a task; the card names them in the console's language and warns about a
 * variable the server would refuse before the user saves.
 */

/** Variables the console has a name for in both languages; the server's description covers any other. */
export const KNOWN_VARIABLES = ['customer_name', 'consultant_name', 'item_name', 'visit_date', 'appointment_time', 'treated_on', 'days'] as const;
export type KnownVariable = (typeof KNOWN_VARIABLES)[number];

export function isKnownVariable(name: string): name is KnownVariable {
  return (KNOWN_VARIABLES as readonly string[]).includes(name);
}

const VARIABLE = /\{(\w+)\}/g;

/** The variables a template uses that are not among `offered`, each once, in order of use. */
export function unknownVariables(template: string, offered: readonly string[]): string[] {
  const known = new Set(offered);
  const unknown = [...template.matchAll(VARIABLE)].map((match) => match[1]!).filter((name) => !known.has(name));
  return [...new Set(unknown)];
}
