// Staff pages (/admin): onboard stalls, list them, review payments that did not match, exports, staff accounts.
// The staff token is pasted once and shared with /admin/activations through localStorage. Sign-in, views and start
// live here; each view is its own module.
import { api, setupLanguageToggle, t } from '/assets/common.js';
import { $, TOKEN_KEY, state, show, message, errorPair, errorText, signOut } from '/assets/admin-kit.js';
import { loadBanks, renderSelects, loadStalls } from '/assets/admin-stalls.js';
import { loadReview } from '/assets/admin-review.js';
import { loadTax } from '/assets/admin-tax.js';
import { staffErrorPair, loadStaff } from '/assets/admin-staff.js';

// ---------- Sign in ----------
async function signIn(token) {
  await api('/api/v1/merchants?limit=1', { token }); // any staff route proves the token
  state.token = token;
  localStorage.setItem(TOKEN_KEY, token);
  show($('login'), false);
  show($('app'));
  show($('sign-out'));
  await loadBanks();
  setView(location.hash.slice(1) || 'onboard');
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  message($('login-error'), '');
  try {
    await signIn($('token').value.trim());
    $('token').value = '';
  } catch (error) {
    const text =
      error.status === 401
        ? t('Mã không đúng.', 'The token is not valid.')
        : error.status === 403
          ? t('Đây là khóa của quầy, không phải mã cán bộ.', 'This is a stall key, not a staff token.')
          : errorText(error);
    message($('login-error'), text);
  }
});
$('sign-out').addEventListener('click', () => signOut());

// ---------- Views ----------
const VIEWS = ['onboard', 'stalls', 'review', 'tax', 'exports', 'staff'];
function setView(view) {
  if (!VIEWS.includes(view)) view = 'onboard';
  state.view = view;
  for (const name of VIEWS) {
    show($(`view-${name}`), name === view);
    $(`tab-${name}`).classList.toggle('active', name === view);
  }
  history.replaceState(null, '', `#${view}`);
  if (view === 'stalls') loadStalls().catch((e) => message($('stalls-msg'), errorPair(e)));
  if (view === 'review') loadReview().catch((e) => message($('review-msg'), errorPair(e)));
  if (view === 'tax') loadTax().catch((e) => message($('tax-msg'), errorPair(e)));
  if (view === 'staff') loadStaff().catch((e) => message($('staff-msg'), staffErrorPair(e)));
}
$('tabs').addEventListener('click', (e) => {
  const view = e.target.closest('button')?.dataset.view;
  if (view) setView(view);
});

// ---------- Start ----------
setupLanguageToggle($('lang'), () => {
  if (!state.token) return;
  renderSelects();
  state.stallsShown = 0;
  if (state.view === 'stalls') loadStalls().catch(() => {});
  if (state.view === 'review') loadReview().catch(() => {});
  if (state.view === 'tax') loadTax().catch(() => {});
  if (state.view === 'staff') loadStaff().catch(() => {});
});
const saved = localStorage.getItem(TOKEN_KEY);
if (saved) {
  signIn(saved).catch((error) => {
    if (error.status === 401 || error.status === 403) localStorage.removeItem(TOKEN_KEY);
    message($('login-error'), errorPair(error));
    show($('login'));
  });
} else {
  message($('login-error'), sessionStorage.getItem('signOutMessage') ?? '');
  sessionStorage.removeItem('signOutMessage');
  show($('login'));
}
