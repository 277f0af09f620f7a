// The stall app (/m): keypad → dynamic QR; the bank side's confirmation arrives over the merchant websocket and is
// shown, chimed and spoken. Totals, feed, cash sales, refunds, poster and invoices use the merchant API key.
// Sign-in, views and start live here; each part is its own module (merchant-*.js).
import { api, setupLanguageToggle, t } from '/assets/common.js';
import { $, KEY, state, show, toast, errorText, live } from '/assets/merchant-kit.js';
import { renderAmount } from '/assets/merchant-sell.js';
import { loadCatalog } from '/assets/merchant-cart.js';
import { rememberStall, rememberedStall, keptStall, forgetStall } from '/assets/merchant-offline.js';
// What the keypad does not need is imported once it works (afterPaint below): today's totals and feed, invoices, the
// live feed, cash sales and their queue, the voice setting. On slow 3G every module more before the keypad is bytes
// and, past six requests, another round trip; on a slow phone every module is time spent running it.
const today = () => import('/assets/merchant-today.js');
const liveFeed = () => import('/assets/merchant-live.js');
const cash = () => import('/assets/merchant-cash.js');
const rest = () => Promise.all([today(), liveFeed(), cash(), import('/assets/merchant-voice-setting.js')]);
import { linkKey, linkProfile } from '/assets/merchant-boot.js';

// The spoken amount, re-exported for the page's tests (they compare it with the server's words).
export { amountInWords, spokenReceipt } from '/assets/merchant-voice.js';

// ---------- Sign in ----------
// Opening the app again shows the keypad at once from the profile kept for this key (no round trip first: 400 ms and
// more on slow 3G, and none at all offline) while the key is checked in the background; a refused key still signs out.
async function signIn(key, { stored = false, asked = null } = {}) {
  const kept = stored ? await keptStall(key) : null;
  if (!kept) {
    // A link's key is already being checked (merchant-boot.js, asked as the page started).
    const merchant = await (asked ?? api('/api/v1/merchants/me', { token: key })).then(
      (m) => rememberStall(key, m),
      (error) => rememberedStall(key, error), // offline: the profile kept for this key, if any
    );
    return enter(key, merchant);
  }
  enter(key, kept);
  api('/api/v1/merchants/me', { token: key }).then(
    async (merchant) => {
      await rememberStall(key, merchant);
      state.merchant = merchant;
      $('stall-name').textContent = merchant.name;
      renderStallInfo();
    },
    (error) => {
      if (error.status === 401)
        signOut(t('Khóa đã hết hiệu lực, hãy đăng nhập lại.', 'This key no longer works; sign in again.'));
    },
  );
}

function enter(key, merchant) {
  state.key = key;
  state.merchant = merchant;
  localStorage.setItem(KEY, key);
  const title = $('stall-name');
  delete title.dataset.vi;
  delete title.dataset.en;
  title.textContent = merchant.name;
  renderStallInfo();
  show($('login'), false);
  show($('tabs'));
  show($('live'));
  $('live').textContent = t('Đang kết nối…', 'Connecting…');
  // Browsers keep sound off until the first tap: until then, ask for one so a payment is heard.
  show($('sound-hint'), !navigator.userActivation?.hasBeenActive);
  setView('sell');
  afterPaint(async () => {
    loadCatalog().catch(() => {}); // no catalog read: the keypad alone, as before the catalog
    const [{ loadToday }, { setLive, connect }, { sendQueued }] = await rest();
    if (state.key !== key) return; // signed out meanwhile
    setLive(false);
    loadToday().catch(() => {});
    connect();
    sendQueued().catch(() => {}); // cash sales left queued by an earlier visit
  });
}

/**
 * Runs `work` once the keypad has been drawn (the frame after this one), so a slow phone shows it and takes taps
 * first; at the latest after 100 ms, since a page in the background draws no frames.
 */
function afterPaint(work) {
  let done = false;
  const once = () => {
    if (!done) ((done = true), work());
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 100);
}

function renderStallInfo() {
  const m = state.merchant;
  $('stall-info').textContent =
    `${m.stallCode} · ${m.payout.bankName} ${m.payout.accountNumber} · ${t('Ký hiệu hóa đơn', 'Invoice series')} ${m.invoiceSeries}`;
}

export function signOut(message = '') {
  state.key = '';
  localStorage.removeItem(KEY);
  forgetStall();
  live.socket?.close();
  live.socket = null;
  clearTimeout(live.timer);
  if (message) sessionStorage.setItem('signOutMessage', message);
  location.replace(location.pathname); // a fresh page: nothing of the stall stays in memory
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  $('sign-in').disabled = true;
  try {
    await signIn($('api-key').value.trim());
    $('api-key').value = '';
  } catch (error) {
    $('login-error').textContent =
      error.status === 401
        ? t('Khóa không đúng hoặc đã bị thay.', 'The key is wrong or was replaced.')
        : error.status === 403
          ? t('Đây là mã cán bộ, không phải khóa của quầy.', 'This is a staff token, not a stall key.')
          : errorText(error);
  } finally {
    $('sign-in').disabled = false;
  }
});

// ---------- Views ----------
export function setView(view) {
  state.view = view;
  for (const name of ['sell', 'today', 'invoices']) {
    show($(`view-${name}`), name === view);
    $(`tab-${name}`).classList.toggle('active', name === view);
  }
  if (view === 'invoices' && state.invoicesStale)
    today().then(({ loadInvoices }) => loadInvoices().catch((e) => toast(errorText(e))));
  if (view === 'today') today().then(({ renderToday }) => renderToday());
}
$('tabs').addEventListener('click', (e) => {
  const v = e.target.closest('button')?.dataset.view;
  if (v) setView(v);
});

// ---------- Start ----------
setupLanguageToggle($('lang'), () => {
  renderAmount();
  if (!state.key) return;
  $('stall-name').textContent = state.merchant.name;
  renderStallInfo();
  Promise.all([liveFeed(), today()]).then(([{ setLive }, { renderToday, renderInvoices }]) => {
    setLive(live.connected);
    renderToday();
    renderInvoices();
  });
});
renderAmount();
if ('speechSynthesis' in window) speechSynthesis.getVoices(); // voices load lazily on Android: start early

// Staff may hand over the stall as a link /m#key=csm_…: the key is kept and removed from the address bar.
// (merchant-boot.js took the key out of the address and already asked the server about it.)
const fromLink = linkKey;
const saved = fromLink || localStorage.getItem(KEY);
if (saved) {
  signIn(saved, { stored: !fromLink, asked: fromLink ? linkProfile : null }).catch((error) => {
    if (error.status === 401) localStorage.removeItem(KEY);
    else $('api-key').value = saved;
    $('login-error').textContent =
      error.status === 401
        ? t('Khóa đã hết hiệu lực, hãy đăng nhập lại.', 'This key no longer works; sign in again.')
        : errorText(error);
    show($('login'));
  });
} else {
  $('login-error').textContent = sessionStorage.getItem('signOutMessage') ?? '';
  sessionStorage.removeItem('signOutMessage');
  show($('login'));
}
