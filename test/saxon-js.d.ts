// The part of SaxonJS 2 (saxon-js, a devDependency with no published types) that the e-invoice
// validators use (test/einvoice-validators.ts).
declare module 'saxon-js' {
  interface XPathOptions {
    namespaceContext?: Record<string, string>;
    resultForm?: 'array' | 'default';
  }
  const SaxonJS: {
    transform(options: { stylesheetInternal: unknown; sourceText: string; destination: 'document' | 'serialized' }, mode: 'sync'): { principalResult: unknown };
    XPath: { evaluate(expression: string, context: unknown, options?: XPathOptions): unknown };
  };
  export default SaxonJS;
}
