// Who is in the demo: the provider (Northwind IT Services), its staff, its products and its
// customers with the orders they signed. Plain data; seed.ts writes it through the use cases.
import type { CompanySettingsPatch } from '../modules/accounts/index.ts';

export type TeamKey = 'desk' | 'infra' | 'apps';
export type ProductKey = 'support' | 'senior' | 'onsite' | 'prepaid' | 'monitoring';

export const COMPANY: CompanySettingsPatch = {
  name: 'Northwind IT Services',
  street: 'Keizersgracht 241',
  city: 'Amsterdam',
  postalCode: '1016 EA',
  country: 'NL',
  vatId: 'NL859123456B01',
  // E-invoices (issue 11): the KvK number as registration id and Peppol endpoint (NL-R-003), and the bank account (NL-R-007).
  registrationId: '34123456',
  registrationScheme: '0106',
  peppolEndpointId: '34123456',
  peppolEndpointScheme: '0106',
  iban: 'NL91ABNA0417164300',
  bic: 'ABNANL2A',
  currency: 'EUR',
  minutesPerDay: 480,
  paymentTermsDays: 30,
  paymentTermsText: 'Payment within 30 days by bank transfer, quoting the invoice number.',
  defaultTaxRate: '21',
};

export interface TeamSpec {
  key: TeamKey;
  name: string;
  billingEnabled: boolean;
}

/** Application Support looks after Northwind's own software under its licence: time is tracked, not billed. */
export const TEAMS: TeamSpec[] = [
  { key: 'desk', name: 'Service Desk', billingEnabled: true },
  { key: 'infra', name: 'Infrastructure', billingEnabled: true },
  { key: 'apps', name: 'Application Support', billingEnabled: false },
];

export interface StaffSpec {
  name: string;
  email: string;
  role: 'manager' | 'agent' | 'accountant';
  hourlyCost: string;
  teams: TeamKey[];
  /** Seniors' time is sometimes billed at the senior rate (a pinned entry). */
  senior?: boolean;
}

export const STAFF: StaffSpec[] = [
  { name: 'Sofia Lindqvist', email: 'sofia.lindqvist@northwind.test', role: 'manager', hourlyCost: '62.00', teams: ['desk', 'apps'], senior: true },
  { name: 'Jean-Luc Moreau', email: 'jean-luc.moreau@northwind.test', role: 'manager', hourlyCost: '64.00', teams: ['infra'], senior: true },
  { name: 'Νίκος Παπαδόπουλος', email: 'nikos.papadopoulos@northwind.test', role: 'agent', hourlyCost: '52.00', teams: ['infra'], senior: true },
  { name: 'Анна Смирнова', email: 'anna.smirnova@northwind.test', role: 'agent', hourlyCost: '46.00', teams: ['desk', 'apps'] },
  { name: 'Aoife Murphy', email: 'aoife.murphy@northwind.test', role: 'agent', hourlyCost: '38.50', teams: ['desk'] },
  { name: 'Tomasz Kowalski', email: 'tomasz.kowalski@northwind.test', role: 'agent', hourlyCost: '48.00', teams: ['desk', 'infra'], senior: true },
  { name: 'Lucas Oliveira', email: 'lucas.oliveira@northwind.test', role: 'agent', hourlyCost: '36.00', teams: ['desk'] },
  { name: 'Jan de Vries', email: 'jan.devries@northwind.test', role: 'agent', hourlyCost: '50.00', teams: ['infra'] },
  { name: 'Priya Raman', email: 'priya.raman@northwind.test', role: 'agent', hourlyCost: '49.00', teams: ['apps'], senior: true },
  { name: 'Fatima El Amrani', email: 'fatima.elamrani@northwind.test', role: 'agent', hourlyCost: '42.00', teams: ['apps', 'desk'] },
  { name: 'Henrik Sørensen', email: 'henrik.sorensen@northwind.test', role: 'accountant', hourlyCost: '45.00', teams: [] },
];

export interface ProductSpec {
  key: ProductKey;
  name: string;
  unit: 'hour' | 'day' | 'unit';
  unitPrice: string;
  invoicingPolicy: 'timesheets' | 'prepaid' | 'manual';
}

export const PRODUCTS: ProductSpec[] = [
  { key: 'support', name: 'Support hour', unit: 'hour', unitPrice: '95.00', invoicingPolicy: 'timesheets' },
  { key: 'senior', name: 'Senior engineer hour', unit: 'hour', unitPrice: '140.00', invoicingPolicy: 'timesheets' },
  { key: 'onsite', name: 'On-site day', unit: 'day', unitPrice: '900.00', invoicingPolicy: 'timesheets' },
  { key: 'prepaid', name: 'Prepaid support pack 10 h', unit: 'hour', unitPrice: '85.00', invoicingPolicy: 'prepaid' },
  { key: 'monitoring', name: 'Monthly monitoring', unit: 'unit', unitPrice: '180.00', invoicingPolicy: 'manual' },
];

export interface Address {
  street: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface ContactSpec {
  name: string;
  email: string;
  phone: string;
}

/** An order as [product, ordered quantity]. */
export type OrderSpec = Array<readonly [ProductKey, string]>;

export interface CustomerSpec {
  name: string;
  kind: 'company' | 'person';
  email: string;
  /** Where invoices are mailed, when not `email` (issue 11). */
  billingEmail?: string;
  phone: string;
  address: Address;
  vatId: string | null;
  /** E-invoices (issue 11): the Peppol endpoint as [EAS scheme, id], and an optional [ISO 6523 scheme, registration id]. */
  peppol: readonly [string, string];
  registration?: readonly [string, string];
  contacts: ContactSpec[];
  /** How often this customer opens tickets, relative to the others. */
  weight: number;
  confirmed?: OrderSpec;
  quotation?: OrderSpec;
  cancelled?: OrderSpec;
  /** Lines added to the confirmed order after confirmation (R34: another rate). */
  addedLater?: OrderSpec;
  /** Not invoiced yet: the accountant has not got to it (hours to invoice on the dashboard). */
  notInvoiced?: boolean;
}

const contact = (name: string, email: string, phone: string): ContactSpec => ({ name, email, phone });

export const CUSTOMERS: CustomerSpec[] = [
  {
    name: 'Acme Logistics B.V.', kind: 'company', email: 'it@acme-logistics.test', billingEmail: 'accounts-payable@acme-logistics.test', phone: '+31 10 412 8800', vatId: 'NL812345678B01', weight: 3,
    address: { street: 'Waalhaven Oostzijde 12', city: 'Rotterdam', postalCode: '3087 BM', country: 'NL' },
    peppol: ['0106', '24123456'], registration: ['0106', '24123456'],
    contacts: [contact('Pieter Jansen', 'pieter.jansen@acme-logistics.test', '+31 10 412 8810'), contact('Sanne Visser', 'sanne.visser@acme-logistics.test', '+31 10 412 8822'), contact('Mohammed Bakker', 'mohammed.bakker@acme-logistics.test', '+31 10 412 8835')],
    confirmed: [['support', '150.00'], ['senior', '60.00'], ['monitoring', '3.00']],
  },
  {
    name: 'Αιγαίον Τρόφιμα Α.Ε.', kind: 'company', email: 'info@aigaion-foods.test', phone: '+30 210 412 7700', vatId: 'EL094512367', weight: 1.5,
    address: { street: 'Ακτή Μιαούλη 53', city: 'Πειραιάς', postalCode: '185 36', country: 'GR' },
    peppol: ['9933', 'EL094512367'],
    contacts: [contact('Ελένη Γεωργίου', 'eleni.georgiou@aigaion-foods.test', '+30 210 412 7711'), contact('Γιάννης Κωνσταντίνου', 'giannis.k@aigaion-foods.test', '+30 210 412 7723')],
    confirmed: [['prepaid', '10.00'], ['support', '40.00']],
  },
  {
    name: 'Müller & Söhne GmbH', kind: 'company', email: 'edv@mueller-soehne.test', phone: '+49 89 2180 4400', vatId: 'DE287654321', weight: 2.5,
    address: { street: 'Leopoldstraße 118', city: 'München', postalCode: '80802', country: 'DE' },
    peppol: ['9930', 'DE287654321'],
    contacts: [contact('Katrin Müller', 'katrin.mueller@mueller-soehne.test', '+49 89 2180 4410'), contact('Stefan Weber', 'stefan.weber@mueller-soehne.test', '+49 89 2180 4421'), contact('Jonas Fischer', 'jonas.fischer@mueller-soehne.test', '+49 89 2180 4432')],
    confirmed: [['support', '150.00'], ['senior', '40.00'], ['onsite', '6.00']],
  },
  {
    name: 'Boulangerie Martin SARL', kind: 'company', email: 'contact@boulangerie-martin.test', phone: '+33 4 78 42 19 30', vatId: 'FR40512345678', weight: 0.35,
    address: { street: '14 rue de la République', city: 'Lyon', postalCode: '69002', country: 'FR' },
    peppol: ['9957', 'FR40512345678'],
    contacts: [contact('Camille Martin', 'camille@boulangerie-martin.test', '+33 6 12 34 56 78')],
    confirmed: [['prepaid', '10.00']],
  },
  {
    name: 'Nordlys Media ApS', kind: 'company', email: 'support@nordlys-media.test', phone: '+45 33 12 45 60', vatId: 'DK31245678', weight: 1.5,
    address: { street: 'Vesterbrogade 74', city: 'København V', postalCode: '1620', country: 'DK' },
    peppol: ['0184', 'DK31245678'], registration: ['0184', 'DK31245678'],
    contacts: [contact('Mette Hansen', 'mette.hansen@nordlys-media.test', '+45 33 12 45 61'), contact('Lars Nielsen', 'lars.nielsen@nordlys-media.test', '+45 33 12 45 62')],
    confirmed: [['support', '100.00'], ['senior', '40.00']],
  },
  {
    name: 'Studio Legale Castello', kind: 'company', email: 'segreteria@studiocastello.test', phone: '+39 02 8645 2210', vatId: 'IT09876543210', weight: 1.2,
    address: { street: 'Corso di Porta Romana 46', city: 'Milano', postalCode: '20122', country: 'IT' },
    peppol: ['0088', '8012345000012'],
    contacts: [contact('Giulia Castello', 'giulia.castello@studiocastello.test', '+39 02 8645 2211'), contact('Matteo Ricci', 'matteo.ricci@studiocastello.test', '+39 02 8645 2215')],
    confirmed: [['support', '100.00']],
    quotation: [['senior', '16.00'], ['onsite', '2.00']],
  },
  {
    name: 'Vltava Dental s.r.o.', kind: 'company', email: 'recepce@vltava-dental.test', phone: '+420 224 911 300', vatId: 'CZ27123456', weight: 1.2,
    address: { street: 'Národní 28', city: 'Praha 1', postalCode: '110 00', country: 'CZ' },
    peppol: ['9929', 'CZ27123456'],
    contacts: [contact('Petra Nováková', 'petra.novakova@vltava-dental.test', '+420 224 911 301'), contact('Jiří Dvořák', 'jiri.dvorak@vltava-dental.test', '+420 224 911 305')],
    confirmed: [['support', '100.00'], ['monitoring', '3.00']],
    addedLater: [['senior', '24.00']],
  },
  {
    name: 'Helios Architects Ltd', kind: 'company', email: 'office@helios-architects.test', phone: '+353 1 677 4120', vatId: 'IE6388047V', weight: 0.8,
    address: { street: '22 Fitzwilliam Square', city: 'Dublin 2', postalCode: 'D02 T292', country: 'IE' },
    peppol: ['9935', 'IE6388047V'],
    contacts: [contact('Siobhán Kelly', 'siobhan.kelly@helios-architects.test', '+353 1 677 4121')],
    quotation: [['support', '20.00'], ['onsite', '2.00']],
  },
  {
    name: 'Baltic Freight SIA', kind: 'company', email: 'it@balticfreight.test', phone: '+371 6 722 1450', vatId: 'LV40003123456', weight: 1.5,
    address: { street: 'Krasta iela 101', city: 'Rīga', postalCode: 'LV-1019', country: 'LV' },
    peppol: ['9939', 'LV40003123456'],
    contacts: [contact('Ольга Петрова', 'olga.petrova@balticfreight.test', '+371 2 612 3344'), contact('Jānis Bērziņš', 'janis.berzins@balticfreight.test', '+371 2 945 1122')],
    confirmed: [['support', '120.00'], ['onsite', '4.00']],
  },
  {
    name: 'Iberia Verde S.L.', kind: 'company', email: 'sistemas@iberiaverde.test', phone: '+34 963 51 22 80', vatId: 'ESB98123456', weight: 1,
    address: { street: 'Carrer de Colón 18', city: 'València', postalCode: '46004', country: 'ES' },
    peppol: ['9920', 'ESB98123456'],
    contacts: [contact('Lucía Fernández', 'lucia.fernandez@iberiaverde.test', '+34 963 51 22 81'), contact('Javier Moreno', 'javier.moreno@iberiaverde.test', '+34 963 51 22 84'), contact('Carmen Ruiz', 'carmen.ruiz@iberiaverde.test', '+34 963 51 22 86')],
    cancelled: [['onsite', '5.00']],
    confirmed: [['support', '80.00'], ['senior', '10.00']],
    notInvoiced: true,
  },
  {
    name: 'Dr. Ingrid Bauer', kind: 'person', email: 'ordination@dr-bauer.test', phone: '+43 1 512 7730', vatId: 'ATU64123456', weight: 0.15,
    address: { street: 'Wollzeile 9', city: 'Wien', postalCode: '1010', country: 'AT' },
    peppol: ['9914', 'ATU64123456'],
    contacts: [],
    confirmed: [['prepaid', '10.00']],
  },
];
