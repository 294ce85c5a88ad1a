// The official EN 16931 / Peppol validators, run in the test process (decision 0026): the XSD with
// libxml2-wasm, the Schematron with SaxonJS on stylesheets compiled once to SEF and cached in
// .cache/einvoice/ under the sha256 of their sources (the compile costs about 30 s and 600 MB each).
// Test tooling only: saxon-js, xslt3 and libxml2-wasm are devDependencies that src/ never imports.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SaxonJS from 'saxon-js';
import { XmlDocument, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const vendor = join(root, 'vendor/einvoice');
const cacheDir = join(root, '.cache/einvoice');
const xslt3 = join(root, 'node_modules/xslt3/xslt3.js');

/** The Schematron rule sets we run, each from its vendored source. */
const RULE_SETS = {
  'en16931-ubl': { xslt: 'en16931/ubl/xslt/EN16931-UBL-validation.xslt' },
  'en16931-cii': { xslt: 'en16931/cii/xslt/EN16931-CII-validation.xslt' },
  'peppol-ubl': { sch: 'peppol/rules/sch/PEPPOL-EN16931-UBL.sch' },
} as const;
export type RuleSet = keyof typeof RULE_SETS;

const SKELETON = 'schematron-skeleton/iso-schematron-xslt2/iso_svrl_for_xslt2.xsl';
const SKELETON_BASE = 'schematron-skeleton/iso-schematron-xslt2/iso_schematron_skeleton_for_saxon.xsl';

const sha256 = (...files: string[]): string => {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(join(vendor, file)));
  return hash.digest('hex');
};

const runXslt3 = (args: string[]): void => {
  execFileSync(process.execPath, ['--max-old-space-size=2048', xslt3, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
};

/** Path of the compiled SEF of a rule set, compiling it first when the cache lacks this source's. */
export function compiledRuleSet(name: RuleSet): string {
  const set: { xslt?: string; sch?: string } = RULE_SETS[name];
  const sources = set.xslt ? [set.xslt] : [set.sch!, SKELETON, SKELETON_BASE];
  const sef = join(cacheDir, `${name}-${sha256(...sources).slice(0, 16)}.sef.json`);
  if (existsSync(sef)) return sef;
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${sef}.${process.pid}.tmp`;
  let xslt = set.xslt ? join(vendor, set.xslt) : '';
  if (set.sch) {
    // ISO Schematron .sch → XSLT 2.0 with the skeleton (the Peppol rules have no includes or abstract patterns).
    xslt = `${partial}.xslt`;
    runXslt3([`-xsl:${join(vendor, SKELETON)}`, `-s:${join(vendor, set.sch)}`, `-o:${xslt}`, 'allow-foreign=true']);
  }
  try {
    runXslt3([`-xsl:${xslt}`, `-export:${partial}`, '-nogo']);
    renameSync(partial, sef);
  } finally {
    if (set.sch) rmSync(xslt, { force: true });
    rmSync(partial, { force: true });
  }
  return sef;
}

export interface FailedAssert {
  id: string;
  flag: string;
  location: string;
  text: string;
}

const stylesheets = new Map<RuleSet, unknown>();

/** Runs a rule set on a document: every failed assert of its SVRL report. */
export function schematron(name: RuleSet, xml: string): FailedAssert[] {
  let sef = stylesheets.get(name);
  if (!sef) {
    sef = JSON.parse(readFileSync(compiledRuleSet(name), 'utf8'));
    stylesheets.set(name, sef);
  }
  const result = SaxonJS.transform({ stylesheetInternal: sef, sourceText: xml, destination: 'document' }, 'sync');
  const svrl = 'http://purl.oclc.org/dsdl/svrl';
  const failed = SaxonJS.XPath.evaluate(`//svrl:failed-assert`, result.principalResult, { namespaceContext: { svrl }, resultForm: 'array' }) as Array<{ getAttribute(name: string): string | null }>;
  return failed.map((node) => ({
    id: node.getAttribute('id') ?? '',
    flag: node.getAttribute('flag') ?? '',
    location: node.getAttribute('location') ?? '',
    text: String(SaxonJS.XPath.evaluate('string(svrl:text)', node, { namespaceContext: { svrl } })).trim(),
  }));
}

/** The schemas a document is checked against. */
const SCHEMAS = {
  'ubl-invoice': 'ubl-2.1/xsd/maindoc/UBL-Invoice-2.1.xsd',
  'ubl-credit-note': 'ubl-2.1/xsd/maindoc/UBL-CreditNote-2.1.xsd',
  cii: 'en16931/cii/schema/D16B SCRDM (Subset)/uncoupled clm/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd',
} as const;
export type Schema = keyof typeof SCHEMAS;

let providersRegistered = false;
const validators = new Map<Schema, XsdValidator>();

/** Validates a document against an XSD: the schema errors, none when valid. */
export function xsdErrors(schema: Schema, xml: string): string[] {
  if (!providersRegistered) {
    xmlRegisterFsInputProviders();
    providersRegistered = true;
  }
  let validator = validators.get(schema);
  if (!validator) {
    const path = join(vendor, SCHEMAS[schema]);
    const xsd = XmlDocument.fromBuffer(readFileSync(path), { url: path });
    validator = XsdValidator.fromDoc(xsd);
    xsd.dispose();
    validators.set(schema, validator);
  }
  const doc = XmlDocument.fromString(xml);
  try {
    validator.validate(doc);
    return [];
  } catch (error) {
    if (error instanceof XmlValidateError) return error.details.map((d) => `line ${d.line}: ${d.message.trim()}`);
    throw error;
  } finally {
    doc.dispose();
  }
}

/** Failed asserts flagged fatal, one line each, for an assertion message. */
export function fatalReport(failed: FailedAssert[]): string {
  return failed
    .filter((f) => f.flag === 'fatal')
    .map((f) => `${f.id} at ${f.location}: ${f.text}`)
    .join('\n');
}

// `node --import tsx test/einvoice-validators.ts` compiles every rule set into the cache.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const name of Object.keys(RULE_SETS) as RuleSet[]) console.log(name, compiledRuleSet(name));
}
