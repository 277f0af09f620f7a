import t, { type Test } from 'tap';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// The public receipt answers people with pages and programs with JSON: a refused buyer form comes back as the
// receipt with the problem in Vietnamese (and English) and the typed values kept; a wrong code is a "not found" page.

const ctx = await startTestApp(t, { PUBLIC_URL: 'https://pay.caobang.example' });
const { call } = ctx;
const stall = await onboardStall(ctx, { stallCode: 'KD-071' });

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const newReceipt = async () =>
  (
    await call({
      method: 'POST',
      url: '/api/v1/sales',
      token: stall.apiKey,
      payload: { amount: 60000, method: 'cash' },
    })
  ).body.invoice;
/** What the receipt's form sends: a form-encoded POST from a browser. */
const submitForm = (lookupCode: string, fields: Record<string, string>, accept: string | undefined = BROWSER_ACCEPT) =>
  call({
    method: 'POST',
    url: `/i/${lookupCode}/buyer`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(accept ? { accept } : {}) },
    payload: new URLSearchParams(fields).toString(),
  });

/** The page's CSP: scripts only with the response's nonce, and the page has no inline handlers. */
function checkPageSafety(t: Test, res: { raw: string; headers: Record<string, unknown> }) {
  const csp = String(res.headers['content-security-policy']);
  t.match(csp, /script-src 'self' 'nonce-[^']+'/);
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  for (const tag of res.raw.match(/<script[^>]*>/g) ?? [])
    t.ok(tag.includes(`nonce="${nonce}"`), 'every script carries the nonce');
  // Attribute values are escaped text (a typed value may read "onerror=..."): look at the markup around them.
  t.notMatch(res.raw.replace(/"[^"]*"/g, '""'), /<[^>]*\son[a-z]+\s*=/i, 'no inline event handlers');
  t.notMatch(res.raw, /\sstyle\s*=/i, 'no style attributes');
}

t.test(
  'an invalid tax code: the receipt again, 400, a Vietnamese message by the form, the typed values kept',
  async (t) => {
    const inv = await newReceipt();
    const res = await submitForm(inv.lookupCode, {
      name: 'Công ty TNHH Du lịch Bản Giốc',
      taxCode: '0100233480',
      address: '12 Kim Đồng',
      email: 'a@example.com',
    });
    t.equal(res.status, 400);
    t.match(res.headers['content-type'], /text\/html/);
    t.match(res.raw, 'HÓA ĐƠN BÁN HÀNG', 'the receipt itself');
    t.match(res.raw, 'Mã số thuế không hợp lệ');
    t.match(res.raw, 'The tax code (MST) is not valid');
    t.match(res.raw, 'value="Công ty TNHH Du lịch Bản Giốc"');
    t.match(res.raw, 'value="0100233480"');
    t.match(res.raw, 'value="12 Kim Đồng"');
    t.match(res.raw, 'value="a@example.com"');
    t.match(res.raw, /<input name="taxCode"[^>]*aria-invalid="true"/, 'the field in error is marked');
    t.match(res.raw, /<form[^>]*>[\s\S]*role="alert"[\s\S]*<\/form>/, 'the message is in the form');
    t.notOk(res.raw.trimStart().startsWith('{'), 'no JSON');
    checkPageSafety(t, res);
    const json = await call({ method: 'GET', url: `/i/${inv.lookupCode}.json` });
    t.equal(json.body.status, 'issued', 'nothing was replaced');
  },
);

t.test('what the buyer typed is escaped when shown again', async (t) => {
  const inv = await newReceipt();
  const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
  const res = await submitForm(inv.lookupCode, { name: evil, taxCode: `0100233480${'"'}`, email: `x${evil}` });
  t.equal(res.status, 400);
  t.notMatch(res.raw, '<script>alert(1)</script>');
  t.notMatch(res.raw, '<img src=x');
  t.match(res.raw, 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"');
  t.match(res.raw, 'value="0100233480&quot;"');
  checkPageSafety(t, res);
});

t.test('a missing name or a bad email is explained too (validation happens before the route)', async (t) => {
  const inv = await newReceipt();
  const noName = await submitForm(inv.lookupCode, { name: '', taxCode: '0100233488', address: 'Cao Bằng' });
  t.equal(noName.status, 400);
  t.match(noName.raw, 'Vui lòng nhập tên người mua');
  t.match(noName.raw, /<input name="name"[^>]*aria-invalid="true"/);
  t.match(noName.raw, 'value="0100233488"');
  t.match(noName.raw, 'value="Cao Bằng"');
  const badEmail = await submitForm(inv.lookupCode, { name: 'Chị Lan', email: 'not-an-email' });
  t.equal(badEmail.status, 400);
  t.match(badEmail.raw, 'Địa chỉ email không hợp lệ');
  t.match(badEmail.raw, 'value="not-an-email"');
});

t.test(
  'a form sent for an invoice already replaced: 409, said in Vietnamese, with a link to the replacement',
  async (t) => {
    const inv = await newReceipt();
    const first = await submitForm(inv.lookupCode, { name: 'Nguyễn Văn B' });
    t.equal(first.status, 303);
    const replacement = (await call({ method: 'GET', url: `/i/${inv.lookupCode}.json` })).body;
    t.equal(replacement.status, 'replaced');
    const newCode = String(first.headers.location).split('/').pop();
    const again = await submitForm(inv.lookupCode, { name: 'Nguyễn Văn C', taxCode: '0100233488' });
    t.equal(again.status, 409);
    t.match(again.headers['content-type'], /text\/html/);
    t.match(again.raw, 'Hóa đơn này đã được thay thế bằng một hóa đơn mới');
    t.match(again.raw, 'This invoice was already replaced');
    t.match(again.raw, `<a href="/i/${newCode}">Xem hóa đơn thay thế</a>`);
    t.notMatch(again.raw, '<form', 'no form on a replaced invoice');
    checkPageSafety(t, again);
  },
);

t.test('an unknown or malformed code is an HTML "not found" page for a browser', async (t) => {
  for (const url of ['/i/AAAAAAAAAAAAAAAAAAAA', '/i/short', '/i/%3Cb%3Ex%3C%2Fb%3E', '/i/AAAAAAAAAAAAAAAAAAAA.html']) {
    const res = await call({ method: 'GET', url, headers: { accept: BROWSER_ACCEPT } });
    t.equal(res.status, 404, url);
    t.match(res.headers['content-type'], /text\/html/);
    t.match(res.raw, 'Không tìm thấy hóa đơn');
    t.match(res.raw, 'Invoice not found');
    t.notMatch(res.raw, '<b>x</b>');
    checkPageSafety(t, res);
  }
  const form = await submitForm('AAAAAAAAAAAAAAAAAAAA', { name: 'X' });
  t.equal(form.status, 404);
  t.match(form.raw, 'Không tìm thấy hóa đơn');
  t.equal((await submitForm('short', { name: 'X' })).status, 404);
});

t.test('JSON clients keep the JSON errors', async (t) => {
  const inv = await newReceipt();
  const asJson = { accept: 'application/json' };
  const unknown = await call({ method: 'GET', url: '/i/AAAAAAAAAAAAAAAAAAAA', headers: asJson });
  t.equal(unknown.status, 404);
  t.equal(unknown.body.error.code, 'not_found');
  t.equal((await call({ method: 'GET', url: '/i/short', headers: asJson })).body.error.code, 'validation_failed');
  t.equal((await call({ method: 'GET', url: '/i/short' })).status, 400, 'no Accept: JSON as before');
  for (const suffix of ['.json', '.xml']) {
    const res = await call({
      method: 'GET',
      url: `/i/AAAAAAAAAAAAAAAAAAAA${suffix}`,
      headers: { accept: BROWSER_ACCEPT },
    });
    t.equal(res.status, 404, suffix);
    t.equal(res.body.error.code, 'not_found', `${suffix} stays JSON even for a browser`);
  }
  const bad = await call({
    method: 'POST',
    url: `/i/${inv.lookupCode}/buyer`,
    payload: { name: 'Cty A', taxCode: '0100233480' },
  });
  t.equal(bad.status, 400);
  t.equal(bad.body.error.code, 'invalid_tax_code');
  const formAskingJson = await submitForm(inv.lookupCode, { name: 'Cty A', taxCode: '0100233480' }, 'application/json');
  t.equal(formAskingJson.body.error.code, 'invalid_tax_code', 'a form post that asks for JSON gets JSON');
  const formAskingNothing = await submitForm(inv.lookupCode, { name: 'Cty A', taxCode: '0100233480' }, '');
  t.equal(formAskingNothing.body.error.code, 'invalid_tax_code', 'a form post that does not ask for HTML gets JSON');
  const missingName = await call({
    method: 'POST',
    url: `/i/${inv.lookupCode}/buyer`,
    payload: { taxCode: '0100233488' },
  });
  t.equal(missingName.body.error.code, 'validation_failed');
});
