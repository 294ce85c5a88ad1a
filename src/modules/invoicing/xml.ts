// A tiny XML writer for the e-invoices (ubl.ts, cii.ts): elements as nested arrays, text escaped,
// and an element whose content is all missing (null, blank) is left out, never written empty
// (Peppol R008). Only an element given no content at all is written empty, on purpose.

/** An element: name, attributes, then its text or child elements; null and undefined children are skipped. */
export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  content: XmlContent[];
}
type XmlContent = XmlNode | string | null | undefined;

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (s: string): string => escapeText(s).replace(/"/g, '&quot;');

/** An element with attributes; content that is all null or blank makes it disappear, no content at all writes it empty. */
export const el = (name: string, attributes: Record<string, string>, ...content: XmlContent[]): XmlNode => ({ name, attributes, content });

/** An element holding one text, or nothing at all when the text is null or blank. */
export const leaf = (name: string, text: string | null | undefined, attributes: Record<string, string> = {}): XmlNode | null =>
  text == null || text.trim() === '' ? null : { name, attributes, content: [text] };

function write(node: XmlNode, indent: string, out: string[]): boolean {
  const { name, attributes, content } = node;
  const present = content.filter((c): c is XmlNode | string => c != null);
  const children: string[] = [];
  let text = '';
  for (const child of present) {
    if (typeof child === 'string') text += escapeText(child);
    else write(child, `${indent}  `, children);
  }
  const attrs = Object.entries(attributes).map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
  if (content.length === 0) {
    out.push(`${indent}<${name}${attrs}/>`);
    return true;
  }
  if (text.trim() === '' && children.length === 0) return false;
  if (children.length === 0) out.push(`${indent}<${name}${attrs}>${text}</${name}>`);
  else out.push(`${indent}<${name}${attrs}>`, ...children, `${indent}</${name}>`);
  return true;
}

/** The document, with its XML declaration, in UTF-8 text. */
export function xmlDocument(root: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, '', out);
  return `${out.join('\n')}\n`;
}
