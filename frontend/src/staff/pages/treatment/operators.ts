/**
 * The operators of a deduction, picked by position: a doctor, a nurse and an assistant. The position sent with
 * each operator decides the operation fee (操作费) the server pays them, so it must be one the person holds.
 */
import type { OperatorOption } from './service';

export type OperatorSlot = 'doctor' | 'nurse' | 'assistant';

/** Position codes each slot accepts, the preferred one first (an assistant is a therapist or a nurse). */
export const OPERATOR_SLOTS: Record<OperatorSlot, readonly string[]> = {
  doctor: ['doctor'],
  nurse: ['nurse'],
  assistant: ['therapist', 'nurse'],
};

export const SLOT_ORDER: OperatorSlot[] = ['doctor', 'nurse', 'assistant'];

export type OperatorSelection = Partial<Record<OperatorSlot, number | null>>;

/** The staff who can fill a slot. */
export function slotCandidates(options: readonly OperatorOption[], slot: OperatorSlot): OperatorOption[] {
  const codes = OPERATOR_SLOTS[slot];
  return options.filter((option) => option.positions.some((position) => codes.includes(position.code)));
}

/** The position a member of staff works in for a slot, or null when they hold none it accepts. */
export function positionFor(option: Pick<OperatorOption, 'positions'>, slot: OperatorSlot): number | null {
  for (const code of OPERATOR_SLOTS[slot]) {
    const held = option.positions.find((position) => position.code === code);
    if (held) return held.id;
  }
  return null;
}

export interface OperatorInput {
  staff: number;
  position: number | null;
}

/** The API's `operators` from the chosen slots: empty slots are left out, and a person named twice in the same
 * position counts once (the server refuses duplicates). */
export function buildOperators(selection: OperatorSelection, options: readonly OperatorOption[]): OperatorInput[] {
  const operators: OperatorInput[] = [];
  for (const slot of SLOT_ORDER) {
    const staff = selection[slot];
    if (!staff) continue;
    const option = options.find((candidate) => candidate.id === staff);
    const position = option ? positionFor(option, slot) : null;
    if (operators.some((known) => known.staff === staff && known.position === position)) continue;
    operators.push({ staff, position });
  }
  return operators;
}

/** The signed-in member of staff in the slot of their own position, so a nurse need not pick herself. */
export function defaultSelection(me: { id: number; positions: readonly { code: string }[] } | null | undefined): OperatorSelection {
  if (!me) return {};
  for (const slot of ['nurse', 'doctor', 'assistant'] as const) {
    if (me.positions.some((position) => OPERATOR_SLOTS[slot].includes(position.code))) return { [slot]: me.id };
  }
  return {};
}
