// Issue 11: the company's invoice mail is a template with placeholders in braces, filled when an
// invoice is sent. Only the names below exist; a template naming another is refused when saved,
// so a typo never reaches a customer as "{nubmer}".

/** Every placeholder of the invoice mail, with what it becomes. */
export const INVOICE_MAIL_PLACEHOLDERS = {
  document: '"Invoice" or "Credit note"',
  number: 'the document number, e.g. INV/2026/00012',
  amount: 'the total with its currency, e.g. 1,250.00 EUR',
  invoice_date: 'the document date (YYYY-MM-DD)',
  due_date: 'the due date (YYYY-MM-DD)',
  customer: "the customer's name",
  company: "your company's name",
  portal_link: "the link to the customer's invoices in the portal",
} as const;

export type InvoiceMailPlaceholder = keyof typeof INVOICE_MAIL_PLACEHOLDERS;

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** The placeholders a template names that do not exist, each once, in order. */
export function unknownPlaceholders(template: string): string[] {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  return [...new Set(names.filter((name) => !(name in INVOICE_MAIL_PLACEHOLDERS)))];
}

/** The template with each placeholder replaced by its value (text outside braces is kept as is). */
export function fillTemplate(template: string, values: Record<InvoiceMailPlaceholder, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in values ? values[name as InvoiceMailPlaceholder] : whole));
}
