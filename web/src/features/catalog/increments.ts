/** R78: billing increments (a step and a minimum per entry, whole minutes) of an order line or, as defaults for new lines, of a product. */
export const incrementFields = ['billingStepMinutes', 'billingMinimumMinutes'] as const;
export type IncrementField = (typeof incrementFields)[number];

export const incrementLabels: Record<IncrementField, { label: string; ariaLabel: string }> = {
  billingStepMinutes: { label: 'Round each entry up to', ariaLabel: 'Billing step (minutes)' },
  billingMinimumMinutes: { label: 'Minimum per entry', ariaLabel: 'Minimum per entry (minutes)' },
};

export const minutesText = (value: number | null | undefined) => (value == null ? '' : String(value));
/** Empty is none (null); whole minutes as a number; anything else as typed, for the server to refuse by name. */
export const minutesValue = (text: string): number | null | string => (text.trim() === '' ? null : /^\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim());

/** Increments in words ("15-min step, 30-min minimum"), or null without any. */
export function incrementsWords(x: { billingStepMinutes: number | null; billingMinimumMinutes: number | null }): string | null {
  const parts = [
    x.billingStepMinutes && x.billingStepMinutes > 1 ? `${x.billingStepMinutes}-min step` : null,
    x.billingMinimumMinutes ? `${x.billingMinimumMinutes}-min minimum` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}
