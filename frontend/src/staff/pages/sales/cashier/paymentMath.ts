/**
 * What the payment dialog shows while the cashier types: all in integer cents. Only cash may exceed what is
 * due (the excess is change); the server checks the same rules and has the last word.
 */
import { centsToAmount, toCents } from '../../../utils/money';

import type { ModeKind } from '../service';

export interface EntryDraft {
  kind: ModeKind | undefined;
  amount: string | number | null | undefined;
}

export interface PaymentSummary {
  /** The sum of every entry as typed. */
  entered: string;
  /** Still to collect after all entries (never negative). */
  remainder: string;
  /** Cash handed back: the cash beyond what the other modes leave to pay. */
  change: string;
  /** The non-cash entries alone exceed what is due. */
  overpaid: boolean;
  /** Every entry has an amount and together they cover the amount due. */
  complete: boolean;
}

export function summarizePayment(due: string, entries: readonly EntryDraft[]): PaymentSummary {
  const dueCents = toCents(due) ?? 0;
  let cash = 0;
  let other = 0;
  let valid = entries.length > 0;
  for (const entry of entries) {
    const cents = toCents(entry.amount === null || entry.amount === undefined ? '' : String(entry.amount));
    if (cents === null || cents <= 0 || !entry.kind) {
      valid = false;
      continue;
    }
    if (entry.kind === 'cash') cash += cents;
    else other += cents;
  }
  const afterOther = dueCents - other;
  const overpaid = afterOther < 0;
  const change = Math.max(0, cash - Math.max(afterOther, 0));
  const remainder = Math.max(0, afterOther - cash);
  return {
    entered: centsToAmount(cash + other),
    remainder: centsToAmount(remainder),
    change: centsToAmount(overpaid ? 0 : change),
    overpaid,
    complete: valid && !overpaid && remainder === 0,
  };
}

/** What a new row should hold: the rest still to collect after the rows already there. */
export function remainderFor(due: string, entries: readonly EntryDraft[]): string {
  return summarizePayment(due, entries.filter((entry) => entry.kind && entry.amount)).remainder;
}

/**
 * Spreads a refund total over the modes that may take it back, in their order, each up to its maximum.
 * Returns the amount per mode (as API strings); what cannot be placed is left to the user.
 */
export function spreadRefund(total: string, maxima: readonly string[]): string[] {
  let left = Math.max(0, toCents(total) ?? 0);
  return maxima.map((max) => {
    const take = Math.min(left, Math.max(0, toCents(max) ?? 0));
    left -= take;
    return centsToAmount(take);
  });
}
