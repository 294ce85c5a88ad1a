-- R78 (amended), decision 0046: a product may name default billing increments. A new order line of
-- the product copies them when it is made (unless the request names its own), like the product's
-- other terms (decision 0006); changing the product's defaults changes no existing line.
-- Same bounds as on lines (migration 0022); a manual product takes none, as a manual line takes none.
ALTER TABLE products
  ADD COLUMN billing_step_minutes integer CHECK (billing_step_minutes BETWEEN 1 AND 1440),
  ADD COLUMN billing_minimum_minutes integer CHECK (billing_minimum_minutes BETWEEN 1 AND 1440),
  ADD CONSTRAINT products_increments_bill_time
    CHECK (invoicing_policy <> 'manual' OR (billing_step_minutes IS NULL AND billing_minimum_minutes IS NULL));
