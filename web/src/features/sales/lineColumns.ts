/** Columns of the order lines table (for rows that span it). */
export const LINE_COLUMNS = 14;
