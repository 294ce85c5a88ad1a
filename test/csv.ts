// A strict RFC 4180 reader for the export tests: every record ends with CRLF, a quoted field may
// hold anything with its quotes doubled, an unquoted one no quote, CR or LF. Anything else throws.

/** The records of a CSV text (without a BOM), each a list of fields. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new Error('CSV: an unterminated quoted field');
          if (text[i] === '"') {
            if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
            i++;
            break;
          }
          field += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          if (text[i] === '"') throw new Error(`CSV: a quote inside an unquoted field at ${i}`);
          field += text[i++];
        }
      }
      record.push(field);
      if (text[i] === ',') { i++; continue; }
      if (text.startsWith('\r\n', i)) { i += 2; break; }
      throw new Error(`CSV: a record not ended by CRLF at ${i}: ${JSON.stringify(text.slice(i, i + 20))}`);
    }
    records.push(record);
  }
  return records;
}

/** The records as objects keyed by the header's names. */
export function csvObjects(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('CSV: no header');
  return rows.map((row) => {
    if (row.length !== header.length) throw new Error(`CSV: ${row.length} fields where the header has ${header.length}`);
    return Object.fromEntries(header.map((name, i) => [name, row[i]!]));
  });
}
