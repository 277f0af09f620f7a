// The same code paid a second time: a screen of its own, never a toast over the green "received" one. It says what
// happened (which code, both amounts and times) and what to do: nothing more to collect, the second payment is held
// for staff review and handed back to the shopper.
import { t, vnd } from '/assets/common.js';
import { chime } from '/assets/merchant-voice.js';
import { $, state, show, clock } from '/assets/merchant-kit.js';
import { noteOf } from '/assets/merchant-sell.js';
import { renderToday } from '/assets/merchant-today.js';

/** The duplicate payment on screen (from its payment.received event), kept for a language switch. */
let shown = null;

/** Shows the "paid twice" screen for a duplicate payment, in place of anything else on screen. */
export function paidTwice(data) {
  const note = noteOf(data);
  state.notes = [note, ...state.notes.filter((n) => n.id !== note.id)];
  state.fresh.add(note.id);
  renderToday();
  chime(false); // the warning sound, not the "received" one
  navigator.vibrate?.([300, 100, 300]);
  shown = data;
  render();
  show($('paid-screen'), false);
  show($('twice-screen'));
}

function render() {
  if (!shown) return;
  const amount = vnd(shown.amount);
  // The sale the first payment made, when this phone has it (today's list).
  const first = [...state.sales.values()].find(
    (s) => s.paymentRequestId && s.paymentRequestId === shown.paymentRequestId,
  );
  $('twice-amount').textContent = `+ ${amount}`;
  $('twice-detail').textContent = first
    ? t(
        `Mã này đã được trả ${vnd(first.amount)} lúc ${clock(first.occurredAt)}. Khách vừa chuyển thêm ${amount} lúc ${clock(shown.occurredAt)}.`,
        `This code was paid ${vnd(first.amount)} at ${clock(first.occurredAt)}. The shopper sent another ${amount} at ${clock(shown.occurredAt)}.`,
      )
    : t(
        `Mã này đã được trả trước đó. Khách vừa chuyển thêm ${amount} lúc ${clock(shown.occurredAt)}.`,
        `This code was already paid. The shopper sent another ${amount} at ${clock(shown.occurredAt)}.`,
      );
  $('twice-todo').textContent = t(
    `Không cần thu thêm. Khoản ${amount} lần hai đang chờ cán bộ kiểm tra và sẽ được trả lại khách; không tính vào doanh thu. Hãy báo khách như vậy.`,
    `Nothing more to collect. The second ${amount} is held for staff review and will be returned to the shopper; it is not counted in your takings. Tell the shopper so.`,
  );
  Object.assign($('twice-screen').dataset, {
    paymentId: shown.paymentId ?? '',
    requestId: shown.paymentRequestId ?? '',
  });
}

/** Takes the screen down (the merchant read it, or a new sale's "received" replaces it). */
export function hideTwice() {
  shown = null;
  show($('twice-screen'), false);
}

$('twice-done').addEventListener('click', hideTwice);
$('lang').addEventListener('click', () => setTimeout(render)); // after the page's own switch has run
