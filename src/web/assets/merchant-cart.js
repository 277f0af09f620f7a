// The cart: the stall's catalog as big buttons (most used first), the items tapped with their quantities, and the
// keypad's amount as one free "other" line. The server prices catalog items itself; the page only shows its copy of
// the prices and sends the total it shows, so a price changed meanwhile is refused rather than charged.
import { t, vnd } from '/assets/common.js';
import { $, state, show, h, call } from '/assets/merchant-kit.js';
import { renderAmount } from '/assets/merchant-sell.js';

/** The free line's name on the invoice (Vietnamese whatever the page's language: the invoice is). */
export const OTHER_LINE = 'Hàng hóa, dịch vụ khác';
const MAX_QUANTITY = 100_000; // the server's bound for one line
const MAX_LINES = 100; // the server's bound for one cart

const cart = {
  /** Active catalog items in button order. */
  items: [],
  /** itemId → quantity, in the order first tapped. */
  lines: new Map(),
  keypadOpen: false,
};

/** Reads the stall's catalog; a stall without one (or a failed read) keeps the keypad page as it always was. */
export async function loadCatalog() {
  const { items } = await call('/api/v1/catalog');
  // Most used first; the server's order (sort order, then name) among equals (sorts are stable). Read again, the
  // buttons already shown keep their places, so none moves under a finger; new ones follow.
  const place = new Map(cart.items.map((item, n) => [item.id, n]));
  const rank = (item) => place.get(item.id) ?? cart.items.length;
  cart.items = items
    .filter((i) => i.active)
    .sort((a, b) => b.usageCount - a.usageCount)
    .sort((a, b) => rank(a) - rank(b));
  const byId = new Map(cart.items.map((i) => [i.id, i]));
  for (const id of cart.lines.keys()) if (!byId.has(id)) cart.lines.delete(id);
  renderCatalog();
  renderAmount();
}

function withId(id, ...element) {
  const el = h(...element);
  el.dataset.itemId = id;
  return el;
}

const itemOf = (id) => cart.items.find((i) => i.id === id);

/** What the cart adds up to on this phone: catalog lines at the prices last read, plus the keypad's amount. */
export function cartTotal() {
  let total = Number(state.digits || 0);
  for (const [id, quantity] of cart.lines) total += itemOf(id).price * quantity;
  return total;
}

/**
 * The body of a payment request or cash sale, or null when there is nothing to sell. Without catalog lines it is
 * `{ amount }`, exactly as before the catalog; with them, catalog entries by id, the keypad's amount as a free line,
 * and the total shown (the server refuses it if its own prices give another).
 */
export function saleBody() {
  const other = Number(state.digits || 0);
  if (cart.lines.size === 0) return other ? { amount: other } : null;
  const items = [...cart.lines].map(([itemId, quantity]) => ({ itemId, quantity }));
  if (other) items.push({ name: OTHER_LINE, quantity: 1, unitPrice: other, unit: 'lần' });
  return { amount: cartTotal(), items };
}

/** Empties the cart and the keypad (a sale went through, or the shown code was paid). */
export function clearCart() {
  cart.lines.clear();
  state.digits = '';
  renderCatalog();
  renderAmount();
}

/**
 * After the server refused the cart: names the items it no longer sells (they leave the cart) and reads the catalog
 * again, so the phone shows the prices the server will charge. Returns the message to show, or '' if not a cart error.
 */
export async function cartRefused(error) {
  if (error.code !== 'unknown_catalog_item' && error.code !== 'items_total_mismatch') return '';
  const ids = [...cart.lines.keys()];
  const gone = (error.details ?? [])
    .map((d) => /^body\.items\.(\d+)\.itemId$/.exec(d.field ?? '')?.[1])
    .filter((i) => i !== undefined)
    .map((i) => ids[Number(i)])
    .filter(Boolean);
  const names = gone.map((id) => itemOf(id)?.name).filter(Boolean);
  for (const id of gone) cart.lines.delete(id);
  await loadCatalog().catch(() => renderCatalog());
  if (error.code === 'unknown_catalog_item')
    return t(
      `Món không còn bán: ${names.join(', ') || '?'}. Đã bỏ khỏi giỏ, kiểm tra lại tổng tiền.`,
      `No longer sold: ${names.join(', ') || '?'}. Taken out of the cart; check the total.`,
    );
  return t(
    'Giá món đã thay đổi. Đã cập nhật giá, kiểm tra lại tổng tiền rồi thử lại.',
    'A price changed. Prices are updated; check the total and try again.',
  );
}

function change(id, by) {
  const quantity = (cart.lines.get(id) ?? 0) + by;
  if (by > 0 && !cart.lines.has(id) && cart.lines.size + 1 >= MAX_LINES) {
    $('sell-msg').textContent = t('Giỏ đã đủ số món tối đa.', 'The cart holds no more items.');
    return;
  }
  if (quantity <= 0) cart.lines.delete(id);
  else cart.lines.set(id, Math.min(quantity, MAX_QUANTITY));
  renderCatalog();
  renderAmount();
}

export function renderCatalog() {
  const any = cart.items.length > 0;
  show($('catalog'), any);
  $('catalog').replaceChildren(
    ...cart.items.map((item) => {
      const quantity = cart.lines.get(item.id);
      return withId(
        item.id,
        'button',
        { type: 'button', className: quantity ? 'item in' : 'item' },
        h('span', { className: 'name', textContent: item.name }),
        h('span', { className: 'price', textContent: vnd(item.price) }),
        quantity ? h('span', { className: 'qty', textContent: `×${quantity}` }) : null,
      );
    }),
  );
}

/** The cart's lines under the total; hidden while the sale is only a keypad amount (the page as before). */
export function renderCart() {
  const other = Number(state.digits || 0);
  const any = cart.items.length > 0;
  show($('other-toggle'), any);
  show($('keypad'), !any || cart.keypadOpen || other > 0);
  $('other-toggle').textContent = t('⌨ Số tiền khác', '⌨ Other amount');
  const rows = [...cart.lines].map(([id, quantity]) => {
    const item = itemOf(id);
    return withId(
      id,
      'li',
      {},
      h(
        'div',
        { className: 'main' },
        h('div', { className: 'name', textContent: item.name }),
        h('div', { className: 'sub', textContent: `${quantity} × ${vnd(item.price)}` }),
      ),
      h('button', {
        type: 'button',
        className: 'less',
        textContent: quantity === 1 ? '✕' : '−',
        ariaLabel: quantity === 1 ? t('Bỏ món', 'Remove') : t('Bớt một', 'One less'),
      }),
      h('b', { className: 'q', textContent: String(quantity) }),
      h('button', { type: 'button', className: 'more', textContent: '+', ariaLabel: t('Thêm một', 'One more') }),
      h('span', { className: 'amt', textContent: vnd(item.price * quantity) }),
    );
  });
  if (rows.length && other)
    rows.push(
      h(
        'li',
        { className: 'other' },
        h('div', { className: 'main' }, h('div', { className: 'name', textContent: t('Khác', 'Other') })),
        h('button', { type: 'button', className: 'less', textContent: '✕', ariaLabel: t('Bỏ', 'Remove') }),
        h('span', { className: 'amt', textContent: vnd(other) }),
      ),
    );
  $('cart').replaceChildren(...rows);
  show($('cart'), rows.length > 0);
}

$('catalog').addEventListener('click', (e) => {
  const id = e.target.closest('button')?.dataset.itemId;
  if (id) change(id, 1);
});
$('cart').addEventListener('click', (e) => {
  const button = e.target.closest('button');
  const li = button?.closest('li');
  if (!li) return;
  if (li.classList.contains('other')) {
    state.digits = '';
    renderAmount();
  } else change(li.dataset.itemId, button.classList.contains('more') ? 1 : -1);
});
$('other-toggle').addEventListener('click', () => {
  cart.keypadOpen = !cart.keypadOpen || Boolean(state.digits);
  renderCart();
});
