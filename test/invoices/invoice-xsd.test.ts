import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildInvoiceXml, type InvoiceDocument } from '../../src/invoices/invoice-xml.js';
import { householdInvoice } from '../helpers/invoice-documents.js';
import { computeTotals } from '../../src/invoices/vat.js';
import { amountInWords } from '../../src/invoices/amount-in-words.js';

// Generated XML checked against test/vectors/invoice-hdon.xsd (derived from Decision 1450/QĐ-TCT as amended; see
// test/vectors/README.md) with libxml2's xmllint: element names and order, lengths, the template flags and MCCQT.

const XMLLINT = '/usr/bin/xmllint';
const XSD = fileURLToPath(new URL('../vectors/invoice-hdon.xsd', import.meta.url));

function validate(xml: string): { ok: boolean; errors: string } {
  const run = spawnSync(XMLLINT, ['--noout', '--schema', XSD, '-'], { input: xml, encoding: 'utf8' });
  return { ok: run.status === 0, errors: run.stderr };
}

/** The XML tests' household invoice, as issued now: with the tax authority's code (MCCQT). */
function household(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return householdInvoice({ taxAuthorityCode: 'M2-26-TRIAL-00000000042', ...overrides });
}

function vat(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  const lines: InvoiceDocument['lines'] = [
    { no: 1, name: 'Cà phê sữa', unit: 'cốc', quantity: 2, unitPrice: 22500, amount: 45000, vatRate: '10%' },
    { no: 2, name: 'Bánh khảo', unit: 'hộp', quantity: 1, unitPrice: 108000, amount: 108000, vatRate: '8%' },
  ];
  const totals = computeTotals(1, lines);
  return household({
    template: '1',
    series: 'C26MAB',
    number: 7,
    paymentMethod: 'TM',
    lines,
    totals: { ...totals, totalInWords: amountInWords(totals.total) },
    taxAuthorityCode: 'M1-26-TRIAL-00000000007',
    buyer: { name: 'Công ty TNHH Mây', taxCode: '4701304564', address: 'Cao Bằng', email: 'ketoan@may.vn' },
    ...overrides,
  });
}

const related = { template: '2', series: 'C26MKD', number: 41, issuedAt: '2026-03-04T18:00:00+07:00' };
const cases: Array<[string, InvoiceDocument]> = [
  ['template 1 (VAT invoice)', vat()],
  ['template 2 (sales invoice)', household()],
  ['an adjustment (template 2)', household({ adjusts: related, number: 43 })],
  ['a replacement (template 1)', vat({ replaces: { ...related, template: '1', series: 'C26MAB' }, number: 8 })],
];

t.test('generated XML is valid against the XSD derived from the specification', { skip: skipReason() }, async (t) => {
  for (const [name, doc] of cases) {
    const xml = buildInvoiceXml(doc);
    const result = validate(xml);
    t.ok(result.ok, `${name}: ${result.errors}`);
  }
});

t.test('MCCQT and the template flag in their places (checked without xmllint too)', async (t) => {
  for (const [name, doc] of cases) {
    const xml = buildInvoiceXml(doc);
    t.match(xml, /<\/DLHDon><MCCQT>M[12]-26-TRIAL-\d{11}<\/MCCQT><\/HDon>$/, `${name}: MCCQT right after DLHDon`);
    const flag = doc.template === '1' ? 'HDCTTChinh' : 'HDDCKPTQuan';
    const other = doc.template === '1' ? 'HDDCKPTQuan' : 'HDCTTChinh';
    t.match(xml, new RegExp(`</NLap><${flag}>0</${flag}><DVTTe>`), `${name}: ${flag} 0 right after NLap`);
    t.notMatch(xml, `<${other}>`, `${name}: not ${other}`);
  }
});

t.test(
  'the XSD refuses what the specification refuses (so the check above can fail)',
  { skip: skipReason() },
  async (t) => {
    const xml = buildInvoiceXml(household());
    const refused = (name: string, bad: string) => {
      t.not(bad, xml, `${name}: the document was changed`);
      t.notOk(validate(bad).ok, `${name} is refused`);
    };
    refused('the flag missing', xml.replace('<HDDCKPTQuan>0</HDDCKPTQuan>', ''));
    refused('the flag before NLap', xml.replace(/(<NLap>[^<]*<\/NLap>)(<HDDCKPTQuan>0<\/HDDCKPTQuan>)/, '$2$1'));
    refused('a flag of 2', xml.replace('<HDDCKPTQuan>0<', '<HDDCKPTQuan>2<'));
    refused('MCCQT inside DLHDon', xml.replace(/<\/DLHDon>(<MCCQT>[^<]*<\/MCCQT>)/, '$1</DLHDon>'));
    refused('MCCQT with 10 digits', xml.replace(/-(\d)(\d{10})<\/MCCQT>/, '-$2</MCCQT>'));
    refused('MCCQT without the M', xml.replace('<MCCQT>M2', '<MCCQT>C2'));
    refused('TToan before DSHHDVu', xml.replace(/(<DSHHDVu>.*<\/DSHHDVu>)(<TToan>.*<\/TToan>)/, '$2$1'));
    refused('NMua missing', xml.replace('<NMua/>', ''));
    refused('a series that is not a cash register one', xml.replace('<KHHDon>C26MKD<', '<KHHDon>C26TKD<'));
    refused('MSTTCGP missing', xml.replace(/<MSTTCGP>[^<]*<\/MSTTCGP>/, ''));
    refused("the seller's MST missing", xml.replace(/(<NBan><Ten>[^<]*<\/Ten>)<MST>[^<]*<\/MST>/, '$1'));
    refused("the seller's address missing", xml.replace(/(<NBan>.*)<DChi>[^<]*<\/DChi>(<\/NBan>)/, '$1$2'));
  },
);

t.test('MSTTCGP, the seller MST and address are always written, in their places', async (t) => {
  for (const [name, doc] of cases) {
    const xml = buildInvoiceXml(doc);
    t.match(xml, /<HTTToan>[^<]*<\/HTTToan><MSTTCGP>\d{10}<\/MSTTCGP>/, `${name}: MSTTCGP after HTTToan`);
    t.match(xml, /<NBan><Ten>[^<]+<\/Ten><MST>0100233488<\/MST><DChi>[^<]+<\/DChi><\/NBan>/, `${name}: NBan complete`);
  }
  const stored = buildInvoiceXml(household({ solutionProviderTaxCode: '0100109106' }));
  t.match(stored, '<MSTTCGP>0100109106</MSTTCGP>', 'the code the invoice was issued with');
  const older = buildInvoiceXml(household({ solutionProviderTaxCode: undefined }));
  t.match(older, '<MSTTCGP>0000000017</MSTTCGP>', "one issued before it was kept: the provider's code now (trial)");
});

t.test('an invoice issued before MCCQT existed has none, and is still valid', { skip: skipReason() }, async (t) => {
  const xml = buildInvoiceXml(household({ taxAuthorityCode: null }));
  t.notMatch(xml, '<MCCQT>');
  t.ok(validate(xml).ok);
});

function skipReason(): string | false {
  return existsSync(XMLLINT)
    ? false
    : `${XMLLINT} is missing (Debian: apt-get install libxml2-utils); XSD checks skipped`;
}
