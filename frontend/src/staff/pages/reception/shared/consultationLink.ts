/** The address of the consultation form for a customer, and for the visit it belongs to when there is one. */
export function consultationPath(customerId: number, visitId?: number | null): string {
  const query = new URLSearchParams({ customer: String(customerId) });
  if (visitId) query.set('visit', String(visitId));
  return `/reception/consultation?${query.toString()}`;
}

/** A positive whole number from the address, or null: `?customer=abc` must not reach the API. */
export function readId(value: string | null): number | null {
  if (!value || !/^\d{1,15}$/.test(value)) return null;
  const id = Number(value);
  return id > 0 ? id : null;
}
