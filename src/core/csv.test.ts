import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvField, csvHeader, csvRecord, csvRows, type CsvColumn } from './csv.ts';

const fieldCases: Array<[string, string | number | boolean | null, 'text' | 'value', string]> = [
  ['writes a plain field as it is', 'Support', 'text', 'Support'],
  ['quotes a field with a comma', 'Acme, Inc.', 'text', '"Acme, Inc."'],
  ['quotes a field with a quote and doubles it', 'the "big" one', 'text', '"the ""big"" one"'],
  ['quotes a field with a line feed', 'line 1\nline 2', 'text', '"line 1\nline 2"'],
  ['quotes a field with a carriage return', 'a\rb', 'text', '"a\rb"'],
  ['quotes a field with CRLF', 'a\r\nb', 'text', '"a\r\nb"'],
  ['keeps non-ASCII text as it is (UTF-8 on the wire)', 'Société Générale ✓ 東京', 'text', 'Société Générale ✓ 東京'],
  ['writes null as an empty field', null, 'text', ''],
  ['writes the empty string as an empty field', '', 'text', ''],
  ['guards a text starting with = (formula)', '=HYPERLINK("http://x","y")', 'text', `"'=HYPERLINK(""http://x"",""y"")"`],
  ['guards a text starting with +', '+33 1 23', 'text', "'+33 1 23"],
  ['guards a text starting with -', '-5 min discount', 'text', "'-5 min discount"],
  ['guards a text starting with @', '@SUM(A1)', 'text', "'@SUM(A1)"],
  ['guards a text starting with a tab', '\t=1+1', 'text', "'\t=1+1"],
  ['guards a text starting with a carriage return, and quotes it', '\r=1', 'text', `"'\r=1"`],
  ['leaves = inside a text alone', 'a=b', 'text', 'a=b'],
  ['never alters a negative amount', '-12.50', 'value', '-12.50'],
  ['never alters a value starting with +', '+1', 'value', '+1'],
  ['writes numbers in plain digits', 1440, 'value', '1440'],
  ['writes -1 as it is', -1, 'value', '-1'],
  ['writes booleans as true/false', false, 'value', 'false'],
  ['quotes a value with a comma (a value is still RFC 4180)', '1,5', 'value', '"1,5"'],
];
for (const [behaviour, value, kind, expected] of fieldCases) {
  test(`csv: ${behaviour}`, () => assert.equal(csvField(value, kind), expected));
}

test('csv: a record ends with CRLF; a header and rows follow their columns in order', () => {
  assert.equal(csvRecord(['a', '"b,c"']), 'a,"b,c"\r\n');
  const columns: CsvColumn<{ n: string; m: number }>[] = [
    { name: 'name', kind: 'text', value: (r) => r.n },
    { name: 'minutes', kind: 'value', value: (r) => r.m },
  ];
  assert.equal(csvHeader(columns), 'name,minutes\r\n');
  assert.equal(csvRows(columns, [{ n: '-x', m: -3 }, { n: 'y, z', m: 4 }]), "'-x,-3\r\n\"y, z\",4\r\n");
  assert.equal(csvRows(columns, []), '');
});
