-- Issue 11 (decision 0027): the invoice lines export reads the posted documents by invoice date,
-- a batch at a time after the last (date, id) it wrote; this index finds each batch's first
-- document without reading the ones before it.
CREATE INDEX invoices_posted_date_idx ON invoices (invoice_date, id) WHERE state = 'posted';
