import t from 'tap';
import { issueSaleInvoice } from '../../src/invoices/invoices.service.js';
import { findMerchant } from '../../src/merchants/merchants.repository.js';
import { findSale } from '../../src/sales/sales.repository.js';
import { startTestApp } from '../helpers/app.js';
import { onboardStall } from '../helpers/fixtures.js';

// The receipt page reads like a Vietnamese document: dates as 07/12/2026 10:29 in Vietnam time, an adjusting invoice
// shows its decrease negative with the refund's reason, invoices that replace or adjust each other link both ways,
// and the buyer form's fields have visible labels.

const ctx = await startTestApp(t, { PUBLIC_URL: 'https://pay.caobang.example' });
const { call, database } = ctx;
const household = await onboardStall(ctx, { stallCode: 'KD-031', name: 'Bánh cuốn Bà Hoa' });
const vatSeller = await onboardStall(ctx, {
  stallCode: 'KD-032',
  name: 'Nhà sách Kim Đồng',
  taxMethod: 'vat',
  taxCode: '0100233488',
});

const sell = (token: string, payload: Record<string, unknown>) =>
  call({ method: 'POST', url: '/api/v1/sales', token, payload: { method: 'cash', ...payload } });
const refund = (token: string, saleId: string, amount: number, reason?: string) =>
  call({ method: 'POST', url: `/api/v1/sales/${saleId}/refunds`, token, payload: { amount, reason } });
const page = async (lookupCode: string) => {
  const res = await call({ method: 'GET', url: `/i/${lookupCode}` });
  if (res.status !== 200) throw new Error(`the receipt ${lookupCode} answered ${res.status}`);
  return res.raw;
};
/** The element with this id, up to its closing tag (the receipt's notes hold no nested element of the same name). */
const part = (html: string, id: string) => {
  const m = new RegExp(`<(\\w+)[^>]*id="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return m ? m[2] : '';
};
const linkTo = (code: string) => `href="/i/${code}"`;

t.test(
  'dates print as dd/mm/yyyy hh:mm in Vietnam time: the issue date and, when it differs, the sale time',
  async (t) => {
    const stall = await onboardStall(ctx, { stallCode: 'KD-033' });
    const { id } = await database.db
      .insertInto('sales')
      .values({
        merchant_id: stall.merchant.id,
        method: 'cash',
        amount: 45000,
        items: null,
        buyer: null,
        payment_request_id: null,
        occurred_at: new Date('2026-12-06T16:45:00Z'), // 23:45 on 6 December in Cao Bằng
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const merchant = (await findMerchant(database.db, stall.merchant.id))!;
    const sale = (await findSale(database.db, id))!;
    const { invoice } = await database.db
      .transaction()
      .execute((trx) => issueSaleInvoice(trx, merchant, sale, new Date('2026-12-07T03:29:41Z')));
    const html = await page(invoice.lookup_code);
    t.match(html, 'Ngày lập: 07/12/2026 10:29', 'issued at 10:29 on 7 December, Vietnam time');
    t.match(html, 'Thời điểm bán: 06/12/2026 23:45', 'sold the evening before, Vietnam time (not the UTC day)');
    t.notMatch(html, /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/, 'no ISO date or time anywhere on the page');

    const same = (await sell(household.apiKey, { amount: 12000 })).body.invoice;
    const sameHtml = await page(same.lookupCode);
    t.match(sameHtml, /Ngày lập: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}</);
    t.notMatch(sameHtml, 'Thời điểm bán', 'a sale invoiced in the same minute prints one time');
    t.notMatch(sameHtml, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script: the print link is a module');
    t.match(sameHtml, /<script [^>]*src="\/assets\/print-button\.js"/);
  },
);

t.test('an adjusting invoice shows the decrease negative, with the refund reason (escaped)', async (t) => {
  const { sale, invoice } = (
    await sell(household.apiKey, {
      amount: 80000,
      items: [{ name: 'Bánh cuốn', quantity: 2, unitPrice: 40000, unit: 'đĩa' }],
    })
  ).body;
  const res = await refund(household.apiKey, sale.id, 30000, 'Khách trả lại 1 đĩa <nguội> & "nhạt"');
  t.equal(res.status, 201);
  const html = await page(res.body.adjustment.lookupCode);
  t.match(html, 'Hóa đơn điều chỉnh');
  t.match(html, /Tổng cộng điều chỉnh giảm<\/td><td class="r">-30\.000 đ</, 'the total is negative');
  t.match(html, /1 lần × -30\.000 đ<\/small><\/td><td class="r">-30\.000 đ</, 'the line is negative');
  t.notMatch(html, /class="r">30\.000 đ/, 'no positive amount is printed');
  t.match(html, 'Bằng chữ: Giảm ba mươi nghìn đồng');
  const reason = part(html, 'adjustment-reason');
  t.match(reason, 'Lý do điều chỉnh');
  t.match(reason, 'Khách trả lại 1 đĩa &lt;nguội&gt; &amp; &quot;nhạt&quot;', 'the reason, escaped');
  t.notMatch(html, '<nguội>');
  t.match(part(html, 'refers-to'), linkTo(invoice.lookupCode), 'links the invoice it adjusts');

  const again = await refund(household.apiKey, sale.id, 5000);
  const noReason = part(await page(again.body.adjustment.lookupCode), 'adjustment-reason');
  t.match(noReason, 'hoàn tiền cho người mua', 'a refund without a reason still says what the adjustment is');
  t.match(noReason, 'no reason given');

  const original = await page(invoice.lookupCode);
  t.notMatch(original, /class="r">-/, 'the original itself prints no negative line or total');
  t.match(original, /Tổng cộng<\/td><td class="r">80\.000 đ</);
});

t.test('a VAT seller adjustment prints its pre-VAT amount and VAT negative too', async (t) => {
  const { sale } = (
    await sell(vatSeller.apiKey, {
      amount: 105000,
      items: [{ name: 'Sách', quantity: 1, unitPrice: 105000, vatRate: '5%' }],
    })
  ).body;
  const res = await refund(vatSeller.apiKey, sale.id, 105000, 'Sách lỗi in');
  const html = await page(res.body.adjustment.lookupCode);
  t.match(html, /Thuế GTGT 5% \(trên -100\.000 đ\)<\/td><td class="r">-5\.000 đ</);
  t.match(html, /Cộng tiền hàng chưa thuế<\/td><td class="r">-100\.000 đ</);
  t.match(html, /Tổng cộng điều chỉnh giảm<\/td><td class="r">-105\.000 đ</);
  t.match(part(html, 'adjustment-reason'), 'Sách lỗi in');
});

t.test('replaced and adjusted invoices say so and link the newer ones; the newer ones link back', async (t) => {
  const { sale, invoice: original } = (await sell(household.apiKey, { amount: 60000 })).body;
  const first = (await refund(household.apiKey, sale.id, 10000, 'Thiếu 1 cốc trà')).body.adjustment;
  const replaced = await call({
    method: 'POST',
    url: `/i/${original.lookupCode}/buyer`,
    payload: { name: 'Công ty TNHH Du lịch Bản Giốc', taxCode: '0100047516' },
  });
  t.equal(replaced.status, 201);
  const replacement = replaced.body;
  const second = (await refund(household.apiKey, sale.id, 20000)).body.adjustment;
  t.equal(second.relatedInvoiceId, replacement.id, 'the later refund adjusts the replacement');

  const o = await page(original.lookupCode);
  const replacedBy = part(o, 'replaced-by');
  t.match(replacedBy, 'Hóa đơn này đã bị thay thế');
  t.match(replacedBy, linkTo(replacement.lookupCode));
  t.match(replacedBy, `${replacement.template}${replacement.series} số ${replacement.number}`);
  const adjustedBy = part(o, 'adjusted-by');
  t.match(adjustedBy, 'Hóa đơn này đã được điều chỉnh giảm');
  t.match(adjustedBy, linkTo(first.lookupCode));
  t.match(adjustedBy, '-10.000 đ');
  t.notMatch(adjustedBy, linkTo(second.lookupCode), 'an adjustment of the replacement is listed on the replacement');
  t.notMatch(o, 'id="buyer-form"', 'a replaced invoice offers no form');

  const r = await page(replacement.lookupCode);
  t.match(part(r, 'refers-to'), 'Thay thế hóa đơn');
  t.match(part(r, 'refers-to'), linkTo(original.lookupCode), 'the replacement links back to the original');
  t.match(part(r, 'adjusted-by'), linkTo(second.lookupCode), 'and to the adjustment made after it');
  t.notMatch(r, 'id="replaced-by"');

  const a1 = await page(first.lookupCode);
  t.match(part(a1, 'refers-to'), 'Điều chỉnh giảm cho hóa đơn');
  t.match(part(a1, 'refers-to'), linkTo(original.lookupCode));
  t.match(part(a1, 'refers-to'), /lập ngày \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  t.match(part(await page(second.lookupCode), 'refers-to'), linkTo(replacement.lookupCode));

  const untouched = await page((await sell(household.apiKey, { amount: 7000 })).body.invoice.lookupCode);
  t.notMatch(untouched, /id="(replaced-by|adjusted-by|refers-to|adjustment-reason)"/, 'a plain invoice has none');
});

t.test('the buyer form has a visible label for each field, and still issues the replacement', async (t) => {
  const inv = (await sell(household.apiKey, { amount: 15000 })).body.invoice;
  const html = await page(inv.lookupCode);
  const form = /<form[^>]*id="buyer-form"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  for (const [field, text] of [
    ['name', 'Tên người mua / công ty'],
    ['taxCode', 'Mã số thuế'],
    ['address', 'Địa chỉ'],
    ['email', 'Email'],
  ]) {
    const label = new RegExp(`<label for="buyer-${field}">([^<]*)`).exec(form);
    t.ok(label, `${field} has a label`);
    t.match(label?.[1] ?? '', text, `${field}'s label reads "${text}"`);
    t.match(form, new RegExp(`<input name="${field}" id="buyer-${field}"`), `${field}'s input carries the label's id`);
  }
  t.equal(form.match(/ id="buyer-/g)?.length, 4, 'one id per field, no duplicates');
  t.notMatch(html, /label[^{]*\{[^}]*display:\s*none/, 'labels are not hidden by the page');
  const posted = await ctx.app.inject({
    method: 'POST',
    url: `/i/${inv.lookupCode}/buyer`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'name=Nguy%E1%BB%85n+V%C4%83n+B&taxCode=&address=&email=',
  });
  t.equal(posted.statusCode, 303, 'the form still issues the replacement');
});
