/** The card editor's rules, as pure functions: which fields each kind of card has, the problems the server
 * would refuse (checked here first so the form can say so at once), and the form ↔ API conversion. */
import type { Dayjs } from 'dayjs';

import { toAmount } from '../shared/money';
import type { CardKind, CardTypeInput, RefundRule } from '../service';

export type ValidityMode = 'none' | 'days' | 'date';

export interface CardItemRow {
  item?: number;
  sessions?: number | null;
}

export interface CardFormValues {
  code: string;
  name: string;
  kind: CardKind;
  price_amount?: number;
  choose_count?: number | null;
  allow_repeat?: boolean;
  principal_amount?: number;
  bonus_amount?: number;
  validity_mode: ValidityMode;
  validity_days?: number | null;
  valid_until?: Dayjs | null;
  refund_rule?: RefundRule;
  description?: string;
  sort?: number;
  is_active?: boolean;
  card_items: CardItemRow[];
}

export const REFUND_RULES: Record<CardKind, RefundRule[]> = {
  count: ['unused', 'not_refundable'],
  combo: ['unused', 'not_refundable'],
  choice: ['unused', 'not_refundable'],
  stored_value: ['principal_only', 'not_refundable'],
};

export interface CardLayout {
  /** none: stored value; one: a count card's single item; many: a list. */
  items: 'none' | 'one' | 'many';
  /** Every listed item needs its number of sessions (count, combo); for a choice card it is an optional cap. */
  sessionsRequired: boolean;
  choice: boolean;
  storedValue: boolean;
}

export function cardLayout(kind: CardKind): CardLayout {
  return {
    items: kind === 'stored_value' ? 'none' : kind === 'count' ? 'one' : 'many',
    sessionsRequired: kind === 'count' || kind === 'combo',
    choice: kind === 'choice',
    storedValue: kind === 'stored_value',
  };
}

export type CardProblemKey =
  | 'pages.catalog.cards.rule.countOne'
  | 'pages.catalog.cards.rule.comboTwo'
  | 'pages.catalog.cards.rule.sessionsMissing'
  | 'pages.catalog.cards.rule.choiceTwo'
  | 'pages.catalog.cards.rule.chooseMissing'
  | 'pages.catalog.cards.rule.overCaps'
  | 'pages.catalog.cards.rule.overItems'
  | 'pages.catalog.cards.rule.principal'
  | 'pages.catalog.cards.rule.duplicate';

export interface CardProblem {
  field: 'card_items' | 'choose_count' | 'principal_amount';
  key: CardProblemKey;
  params?: Record<string, number>;
}

/** The first rule of the card's kind that the values break, or null. The server checks the same. */
export function cardProblem(values: Pick<CardFormValues, 'kind' | 'card_items' | 'choose_count' | 'allow_repeat' | 'principal_amount'>): CardProblem | null {
  const rows = (values.card_items ?? []).filter((row) => row.item != null);
  const ids = rows.map((row) => row.item);
  if (new Set(ids).size !== ids.length) return { field: 'card_items', key: 'pages.catalog.cards.rule.duplicate' };
  switch (values.kind) {
    case 'count':
      if (rows.length !== 1 || !rows[0].sessions) return { field: 'card_items', key: 'pages.catalog.cards.rule.countOne' };
      return null;
    case 'combo':
      if (rows.length < 2) return { field: 'card_items', key: 'pages.catalog.cards.rule.comboTwo' };
      if (rows.some((row) => !row.sessions)) return { field: 'card_items', key: 'pages.catalog.cards.rule.sessionsMissing' };
      return null;
    case 'choice': {
      if (rows.length < 2) return { field: 'card_items', key: 'pages.catalog.cards.rule.choiceTwo' };
      const m = values.choose_count ?? 0;
      if (m < 1) return { field: 'choose_count', key: 'pages.catalog.cards.rule.chooseMissing' };
      if (rows.every((row) => row.sessions)) {
        const caps = rows.reduce((sum, row) => sum + (row.sessions ?? 0), 0);
        if (m > caps) return { field: 'choose_count', key: 'pages.catalog.cards.rule.overCaps', params: { m, caps } };
      }
      if (values.allow_repeat === false && m > rows.length) {
        return { field: 'choose_count', key: 'pages.catalog.cards.rule.overItems', params: { m, n: rows.length } };
      }
      return null;
    }
    case 'stored_value':
      if (!(Number(values.principal_amount ?? 0) > 0)) return { field: 'principal_amount', key: 'pages.catalog.cards.rule.principal' };
      return null;
    default:
      return null;
  }
}

/** Of each yuan spent from a stored-value card, the part taken from principal (10000 + 2000 → 0.8333). */
export function principalShare(principal: number | undefined, bonus: number | undefined): number {
  const p = Number(principal ?? 0);
  const total = p + Number(bonus ?? 0);
  return total > 0 ? p / total : 1;
}

export function toCardInput(values: CardFormValues): CardTypeInput {
  const layout = cardLayout(values.kind);
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    kind: values.kind,
    price_amount: toAmount(values.price_amount),
    choose_count: layout.choice ? (values.choose_count ?? null) : null,
    allow_repeat: layout.choice ? (values.allow_repeat ?? true) : true,
    principal_amount: layout.storedValue ? toAmount(values.principal_amount) : '0.00',
    bonus_amount: layout.storedValue ? toAmount(values.bonus_amount ?? 0) : '0.00',
    validity_days: values.validity_mode === 'days' ? (values.validity_days ?? null) : null,
    valid_until: values.validity_mode === 'date' && values.valid_until ? values.valid_until.format('YYYY-MM-DD') : null,
    refund_rule: values.refund_rule,
    description: values.description ?? '',
    sort: values.sort ?? 0,
    is_active: values.is_active ?? true,
    card_items: layout.items === 'none'
      ? []
      : (values.card_items ?? [])
          .filter((row) => row.item != null)
          .map((row) => ({ item: row.item as number, sessions: row.sessions ?? null })),
  };
}
