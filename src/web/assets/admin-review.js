// The /admin views for payments waiting for review, and the exports.
import { api, t, vnd } from '/assets/common.js';
import {
  $,
  state,
  show,
  when,
  vnDay,
  h,
  cell,
  message,
  OUTCOMES,
  errorPair,
  call,
  download,
} from '/assets/admin-kit.js';

// ---------- Payments waiting for review ----------
async function allStalls() {
  if (state.allStalls) return state.allStalls;
  const list = [];
  let cursor = null;
  do {
    const page = await call(`/api/v1/merchants?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    list.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && list.length < 20_000);
  state.allStalls = list;
  return list;
}

function reviewRow(p, stalls) {
  const [vi, en] = OUTCOMES[p.outcome] ?? [p.outcome, p.outcome];
  const bank = state.banks.find((b) => b.bin === p.bin)?.shortName ?? p.bin ?? '';
  let action;
  if (p.saleId) {
    action = h('span', {
      className: 'muted',
      textContent: t(
        'Đã ghi bán; trả lại phần thừa cho khách rồi bấm Đóng',
        'Sale recorded; hand the excess back, then Close',
      ),
    });
  } else {
    // Suggest the stall the money went to, when exactly one stall receives into that account; not for a second
    // payment of a paid code (a duplicate): that one is usually returned to the payer, not booked as another sale.
    const owner =
      p.outcome === 'duplicate'
        ? ''
        : (p.merchantId ??
          stalls.find((m) => m.payout.accountNumber === p.accountNumber && (!p.bin || m.payout.bin === p.bin))?.id ??
          '');
    const select = h(
      'select',
      { className: 'assign-to' },
      h('option', { value: '', textContent: t('— chọn quầy —', '— choose a stall —') }),
      ...stalls.map((m) => h('option', { value: m.id, textContent: `${m.stallCode} · ${m.name}` })),
    );
    select.setAttribute('aria-label', t('Gán cho quầy', 'Give to stall'));
    select.value = owner;
    const button = h('button', { type: 'button', className: 'assign', textContent: t('Gán', 'Assign') });
    button.onclick = () => assign(p, select.value, button);
    action = h('div', { className: 'assign-row' }, select, ' ', button);
  }
  // Money that needs no sale (an excess handed back, a transfer the bank returned) is closed with a note instead.
  const close = h('button', {
    type: 'button',
    className: 'secondary close-payment',
    textContent: t('Đóng…', 'Close…'),
  });
  close.onclick = () => closePayment(p, close);
  action = h('div', {}, action, h('div', { className: 'close-row' }, close));
  const tr = h(
    'tr',
    {},
    cell(t('Lúc', 'When'), { textContent: when(p.occurredAt) }),
    cell(t('Số tiền', 'Amount'), { className: 'num', textContent: vnd(p.amount) }),
    cell(t('Loại', 'Kind'), {}, h('span', { className: 'tag', textContent: t(vi, en) })),
    cell(
      t('Người chuyển', 'Payer'),
      {},
      `${p.payerBank ?? ''} ${p.payerName ?? ''}`,
      h('div', { className: 'memo', textContent: p.description }),
    ),
    cell(t('Vào tài khoản', 'Into account'), { textContent: `${bank} · ${p.accountNumber}` }),
    cell('', { className: 'actions' }, action),
  );
  tr.dataset.paymentId = p.id;
  return tr;
}

export async function loadReview(more = false) {
  const outcome = $('review-outcome').value;
  const [page, stalls] = await Promise.all([
    call(
      `/api/v1/payments?open=true&limit=50${outcome ? `&outcome=${outcome}` : ''}${more && state.reviewCursor ? `&cursor=${encodeURIComponent(state.reviewCursor)}` : ''}`,
    ),
    allStalls(),
  ]);
  if (!more) {
    $('review').replaceChildren();
    message($('review-msg'), '');
  }
  $('review').append(...page.items.map((p) => reviewRow(p, stalls)));
  state.reviewCursor = page.nextCursor;
  show($('review-more'), Boolean(page.nextCursor));
  show($('review-empty'), $('review').children.length === 0);
}

/** A payment no longer waiting for review leaves the list. */
function removeReviewRow(payment) {
  document.querySelector(`#review tr[data-payment-id="${payment.id}"]`)?.remove();
  show($('review-empty'), $('review').children.length === 0);
}

async function assign(payment, merchantId, button) {
  if (!merchantId) {
    message($('review-msg'), t('Chọn quầy trước.', 'Choose a stall first.'));
    return;
  }
  button.disabled = true;
  try {
    await call(`/api/v1/payments/${payment.id}/assign`, { method: 'POST', body: { merchantId }, idempotent: true });
    const stall = state.allStalls?.find((m) => m.id === merchantId);
    removeReviewRow(payment);
    message(
      $('review-msg'),
      `${vnd(payment.amount)} → ${stall?.stallCode ?? ''} ${stall?.name ?? ''}: ${t('đã ghi thành doanh số của quầy và lập hóa đơn.', "recorded as the stall's sale, invoice issued.")}`,
      'ok',
    );
  } catch (error) {
    message($('review-msg'), errorPair(error));
    button.disabled = false;
  }
}
async function closePayment(payment, button) {
  // No figure in the suggestion: the amount here is the whole transfer, not the excess the stall handed back.
  const suggestion = payment.saleId
    ? t('Quầy đã trả lại phần tiền thừa cho khách', 'The stall handed the excess back to the shopper')
    : t('Ngân hàng đã hoàn tiền cho người chuyển', 'The bank returned the money to the payer');
  const note = prompt(
    t('Đã xử lý khoản này thế nào? (ghi lại cùng khoản tiền)', 'How was this settled? (kept with the payment)'),
    suggestion,
  );
  if (note === null) return;
  if (!note.trim()) {
    message($('review-msg'), ['Cần ghi cách xử lý.', 'Say how it was settled.']);
    return;
  }
  button.disabled = true;
  try {
    await call(`/api/v1/payments/${payment.id}/close`, {
      method: 'POST',
      body: { note: note.trim() },
      idempotent: true,
    });
    removeReviewRow(payment);
    message($('review-msg'), `${vnd(payment.amount)}: ${t('đã đóng', 'closed')} (${note.trim()})`, 'ok');
  } catch (error) {
    message($('review-msg'), errorPair(error));
    button.disabled = false;
  }
}
$('review-outcome').addEventListener('change', () => loadReview().catch((e) => message($('review-msg'), errorPair(e))));
$('review-refresh').addEventListener('click', () => {
  state.allStalls = null;
  loadReview().catch((e) => message($('review-msg'), errorPair(e)));
});
$('review-more').addEventListener('click', () => loadReview(true).catch((e) => message($('review-msg'), errorPair(e))));

// ---------- Exports ----------
$('export-from').value = vnDay(-30);
$('export-to').value = vnDay();
async function exporting(button, path, name) {
  button.disabled = true;
  message($('export-msg'), '');
  try {
    await download(path, name);
    message($('export-msg'), `${t('Đã tải', 'Downloaded')} ${name}`, 'ok');
  } catch (error) {
    message($('export-msg'), errorPair(error));
  } finally {
    button.disabled = false;
  }
}
$('export-sales').addEventListener('click', () => {
  const from = $('export-from').value,
    to = $('export-to').value;
  // "To" is inclusive on screen; the API's day bound is exclusive, so ask up to the start of the next day.
  const next = to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : '';
  const query = new URLSearchParams({ ...(from ? { from } : {}), ...(next ? { to: next } : {}) });
  exporting($('export-sales'), `/api/v1/sales.csv?${query}`, `sales-${from || 'all'}-${to || vnDay()}.csv`);
});
$('export-daily').addEventListener('click', () => exporting($('export-daily'), '/api/v1/stats/daily.csv', 'daily.csv'));
$('export-activations').addEventListener('click', () =>
  exporting($('export-activations'), '/api/v1/activations.csv', `activations-${vnDay()}.csv`),
);
