// The /admin view of invoices and the tax authority: today's invoices not yet accepted (the same-day rule) and every
// rejected one with the authority's code and reason (docs/tax-authority.md).
import { t, vnd } from '/assets/common.js';
import { $, show, when, h, cell, message, call, errorPair } from '/assets/admin-kit.js';

const STATUSES = {
  queued: ['Chờ gửi', 'Queued'],
  sent: ['Đã gửi, chờ kết quả', 'Sent, awaiting the result'],
  rejected: ['Bị từ chối', 'Rejected'],
};

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
    cell(t('Quầy', 'Stall'), { textContent: `${item.stallCode} · ${item.stallName}` }),
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

export async function loadTax() {
  const page = await call('/api/v1/tax-authority/unaccepted');
  message($('tax-msg'), '');
  $('tax').replaceChildren(...page.items.map(taxRow));
  show($('tax-empty'), page.items.length === 0);
  if (page.truncated)
    message($('tax-msg'), ['Chỉ hiện 500 hóa đơn đầu tiên.', 'Only the first 500 invoices are shown.']);
}

$('tax-refresh').addEventListener('click', () => loadTax().catch((e) => message($('tax-msg'), errorPair(e))));
