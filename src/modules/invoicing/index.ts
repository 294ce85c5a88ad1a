export { creditEntries, reverseInvoice } from './credit-notes.ts';
export { deleteDraft, deleteDraftLine } from './delete-draft.ts';
export { claimingInvoice, claimsOf } from './claims.ts';
export { billedMinutes, insertDraftDocument, refreshDraftEntryDescription, type DraftLine, type EntrySnapshot } from './drafts.ts';
export { getInvoice, listInvoices, type InvoiceRead } from './invoice-read.ts';
export { exportInvoiceLines, INVOICE_LINE_COLUMNS } from './invoice-lines-export.ts';
export { postInvoice } from './post-invoice.ts';
export { INVOICE_PDF_ATTACHMENT, listInvoiceSends, sendInvoice } from './send-invoice.ts';
export { invoicePdf, invoiceUbl } from './invoice-pdf.ts';
