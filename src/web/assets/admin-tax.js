// The /admin view of invoices and the tax authority: today's invoices not yet accepted (the same-day rule) and every
// rejected one with the authority's code and reason (docs/tax-authority.md); or, filtered by one status, the latest
// invoices at that stage (GET /api/v1/invoices?transmission=…).
import { t, vnd } from '/assets/common.js';
import { $, show, when, h, cell, message, call, errorPair } from '/assets/admin-kit.js';

const STATUSES = {
  queued: ['Chờ gửi', 'Queued'],
  sent: ['Đã gửi, chờ kết quả', 'Sent, awaiting the result'],
  accepted: ['Đã được chấp nhận', 'Accepted'],
  rejected: ['Bị từ chối', 'Rejected'],
};
/** The latest invoices a status filter shows (the API's largest page). */
const FILTERED = 200;

function taxRow(item) {
  const [vi, en] = STATUSES[item.status] ?? [item.status, item.status];
  const reason = item.error
    ? `${item.error.code}: ${item.error.text}`
    : item.lastError
      ? t(`Lần gửi gần nhất: ${item.lastError}`, `Last attempt: ${item.lastError}`)
      : '';
  const row = h(
    'tr',
    { className: item.status === 'rejected' ? 'rejected' : '' },
    cell(t('Lúc', 'When'), { textContent: when(item.issuedAt) }),
    cell(t('Quầy', 'Stall'), {
      textContent: item.stallCode ? `${item.stallCode} · ${item.stallName}` : item.stallName,
    }),
    cell(
      t('Hóa đơn', 'Invoice'),
      {},
      h('a', { href: `/i/${item.lookupCode}`, target: '_blank', textContent: `${item.series} số ${item.number}` }),
    ),
    cell(t('Tổng', 'Total'), { className: 'num', textContent: vnd(item.total) }),
    cell(t('Trạng thái', 'Status'), { className: 'tax-status', textContent: t(vi, en) }),
    cell(t('Lý do', 'Reason'), { className: 'tax-reason', textContent: reason }),
  );
  row.dataset.invoiceId = item.invoiceId;
  return row;
}

/** An invoice of the staff list (its JSON) as a row of the same table. */
const filteredItem = (invoice) => ({
  invoiceId: invoice.id,
  issuedAt: invoice.issuedAt,
  stallCode: null, // the invoice's JSON names its seller, not the stall's code
  stallName: invoice.seller.name,
  series: invoice.series,
  number: invoice.number,
  total: invoice.totals.total,
  lookupCode: invoice.lookupCode,
  status: invoice.transmission.status,
  error: invoice.transmission.error ?? null,
  lastError: null,
});

export async function loadTax() {
  const status = $('tax-filter').value;
  message($('tax-msg'), '');
  if (status) {
    const page = await call(`/api/v1/invoices?transmission=${encodeURIComponent(status)}&limit=${FILTERED}`);
    $('tax').replaceChildren(...page.items.map((i) => taxRow(filteredItem(i))));
    show($('tax-empty'), false);
    if (page.items.length === 0) message($('tax-msg'), ['Không có hóa đơn nào.', 'No invoice.'], 'ok');
    if (page.nextCursor)
      message($('tax-msg'), [`Chỉ hiện ${FILTERED} hóa đơn mới nhất.`, `Only the latest ${FILTERED} are shown.`], 'ok');
    return;
  }
  const page = await call('/api/v1/tax-authority/unaccepted');
  $('tax').replaceChildren(...page.items.map(taxRow));
  show($('tax-empty'), page.items.length === 0);
  if (page.truncated)
    message($('tax-msg'), ['Chỉ hiện 500 hóa đơn đầu tiên.', 'Only the first 500 invoices are shown.']);
}

const reload = () => loadTax().catch((e) => message($('tax-msg'), errorPair(e)));
$('tax-refresh').addEventListener('click', reload);
$('tax-filter').addEventListener('change', reload);
