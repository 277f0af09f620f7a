// The /admin views that onboard a stall and list the stalls.
import { api, t } from '/assets/common.js';
import {
  $,
  state,
  show,
  h,
  cell,
  message,
  CATEGORIES,
  COMMON_BANKS,
  errorPair,
  fieldPair,
  shownOnce,
  call,
  openPoster,
  copy,
} from '/assets/admin-kit.js';

// ---------- Onboarding ----------
export async function loadBanks() {
  state.banks = await api('/sandbox/institutions').catch(() => COMMON_BANKS);
  renderSelects();
  await loadSites().catch(() => {}); // without the list, onboarding works while there is one site
  await loadWards().catch(() => {}); // without the list the field still takes a name, matched by the server
}

// The streets and markets a stall may stand in; the choice shows only when there is more than one.
async function loadSites() {
  const { sites } = await api('/api/v1/sites');
  state.sites = sites;
  $('f-site').replaceChildren(
    ...sites.map((s) => h('option', { value: s.id, textContent: `${s.name} (${s.provinceName})` })),
  );
  show($('f-site-row'), sites.length > 1);
}

const chosenSite = () => (state.sites ?? []).find((s) => s.id === $('f-site').value);

// The official wards of the chosen site's province (Cao Bằng, 04, by default), for the ward field's suggestions.
async function loadWards() {
  const { wards } = await api(`/api/v1/admin-units/wards?province=${chosenSite()?.provinceCode ?? '04'}`);
  $('f-wards').replaceChildren(...wards.map((w) => h('option', { value: w.name })));
}

$('f-site').addEventListener('change', () => {
  const site = chosenSite();
  if (site) $('f-ward').value = site.wardName; // most stalls stand in their site's ward
  loadWards().catch(() => {});
});

export function renderSelects() {
  const category = $('f-category').value || 'food';
  $('f-category').replaceChildren(
    ...Object.entries(CATEGORIES).map(([value, [vi, en]]) => h('option', { value, textContent: t(vi, en) })),
  );
  $('f-category').value = category;
  const bin = $('f-bin').value || '970436';
  const group = (kind, label) =>
    h(
      'optgroup',
      { label },
      ...state.banks
        .filter((b) => b.kind === kind)
        .map((b) => h('option', { value: b.bin, textContent: `${b.shortName} (${b.bin})` })),
    );
  $('f-bin').replaceChildren(
    group('bank', t('Ngân hàng', 'Banks')),
    group('wallet', t('Ví điện tử', 'Mobile-money wallets')),
  );
  $('f-bin').value = bin;
}

const FIELD_INPUTS = {
  stallCode: 'f-stallCode',
  name: 'f-name',
  category: 'f-category',
  ward: 'f-ward',
  siteId: 'f-site',
  'payout.bin': 'f-bin',
  'payout.accountNumber': 'f-account',
  taxMethod: 'f-taxMethod',
  taxCode: 'f-taxCode',
  address: 'f-address',
};

function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('aria-describedby');
  }
  for (const el of form.querySelectorAll('.field-err')) el.remove();
}

/** A message under a field, in both languages (the toggle re-renders it through data-vi / data-en). */
function fieldError(input, [vi, en]) {
  input.setAttribute('aria-invalid', 'true');
  const el = h('div', { className: 'field-err', id: `${input.id}-err`, textContent: t(vi, en) });
  Object.assign(el.dataset, { vi, en });
  input.setAttribute('aria-describedby', el.id);
  input.after(el);
}

function showFieldErrors(details) {
  for (const { field: path, message: text } of Array.isArray(details) ? details : []) {
    const field = String(path).replace(/^body\./, '');
    const input = $(FIELD_INPUTS[field] ?? '');
    if (!input || input.getAttribute('aria-invalid') === 'true') continue; // one message per field
    fieldError(input, fieldPair(field, String(text ?? '')));
  }
}

$('onboard-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = $('onboard-form');
  clearFieldErrors(form);
  message($('onboard-error'), '');
  const value = (id) => $(id).value.trim();
  const body = {
    stallCode: value('f-stallCode').toUpperCase(),
    name: value('f-name'),
    category: value('f-category'),
    ward: value('f-ward'),
    payout: { bin: value('f-bin'), accountNumber: value('f-account').replace(/\s/g, '') },
    taxMethod: value('f-taxMethod'),
  };
  const missing = ['f-stallCode', 'f-name', 'f-ward', 'f-account'].filter((id) => !value(id));
  if (missing.length) {
    for (const id of missing) fieldError($(id), ['Bắt buộc', 'Required']);
    $(missing[0]).focus();
    return;
  }
  if ((state.sites ?? []).length > 1) body.siteId = value('f-site');
  if (value('f-taxCode')) body.taxCode = value('f-taxCode');
  if (value('f-address')) body.address = value('f-address');
  $('onboard-submit').disabled = true;
  try {
    const { merchant, apiKey } = await call('/api/v1/merchants', { method: 'POST', body, idempotent: true });
    state.lastOnboarded = merchant;
    $('new-stall').textContent = `${merchant.stallCode} · ${merchant.name}`;
    $('new-api-key').textContent = shownOnce(apiKey);
    $('new-app-link').href = apiKey ? `/m#key=${encodeURIComponent(apiKey)}` : '/m';
    show(form.closest('.card'), false);
    show($('onboard-result'));
    state.allStalls = null; // the assign list must include the new stall
    state.stallsCursor = null;
    state.stallsShown = 0;
  } catch (error) {
    showFieldErrors(error.data?.error?.details);
    message($('onboard-error'), errorPair(error));
    form.querySelector('[aria-invalid="true"]')?.focus();
  } finally {
    $('onboard-submit').disabled = false;
  }
});
$('copy-key').addEventListener('click', () => copy($('new-api-key').textContent, $('copy-key')));
$('new-poster').addEventListener('click', () => openPoster(state.lastOnboarded));
$('onboard-another').addEventListener('click', () => {
  const form = $('onboard-form');
  for (const id of ['f-stallCode', 'f-name', 'f-account', 'f-taxCode', 'f-address']) $(id).value = '';
  $('new-api-key').textContent = ''; // the key is gone from the screen for good
  show($('onboard-result'), false);
  show(form.closest('.card'));
  $('f-stallCode').focus();
});

// ---------- Stall list ----------
function stallRow(m) {
  const [vi, en] = CATEGORIES[m.category] ?? [m.category, m.category];
  const tr = h(
    'tr',
    {},
    cell(t('Mã', 'Code'), {}, h('b', { textContent: m.stallCode })),
    cell(
      t('Tên quầy', 'Name'),
      {},
      m.name,
      m.isDemo ? h('span', { className: 'tag demo', textContent: ' demo' }) : null,
    ),
    cell(t('Ngành', 'Category'), { textContent: t(vi, en) }),
    cell(t('Phường', 'Ward'), { textContent: m.ward }),
    cell(t('Nhận tiền vào', 'Pays into'), { textContent: `${m.payout.bankName} · ${m.payout.accountNumber}` }),
    cell(
      '',
      { className: 'actions' },
      h('button', {
        type: 'button',
        className: 'secondary',
        textContent: t('Áp phích', 'Poster'),
        onclick: () => openPoster(m),
      }),
      ' ',
      h('button', {
        type: 'button',
        className: 'secondary',
        textContent: t('Cấp khóa mới', 'New key'),
        onclick: () => rotateKey(m),
      }),
    ),
  );
  tr.dataset.stallCode = m.stallCode;
  return tr;
}

export async function loadStalls(more = false) {
  if (!more && state.stallsShown > 0) return; // already loaded: "more" pages on
  const page = await call(
    `/api/v1/merchants?limit=50${more && state.stallsCursor ? `&cursor=${encodeURIComponent(state.stallsCursor)}` : ''}`,
  );
  if (!more) $('stalls').replaceChildren();
  $('stalls').append(...page.items.map(stallRow));
  state.stallsShown += page.items.length;
  state.stallsCursor = page.nextCursor;
  show($('stalls-more'), Boolean(page.nextCursor));
  $('stalls-count').textContent = `${state.stallsShown} ${t('quầy', 'stalls')}${page.nextCursor ? '+' : ''}`;
}
$('stalls-more').addEventListener('click', () => loadStalls(true).catch((e) => message($('stalls-msg'), errorPair(e))));

async function rotateKey(m) {
  if (
    !confirm(
      t(
        `Cấp khóa mới cho ${m.stallCode}? Khóa cũ trên điện thoại của quầy sẽ ngừng hoạt động.`,
        `Issue a new key for ${m.stallCode}? The old key on the stall's phone stops working.`,
      ),
    )
  )
    return;
  try {
    const { apiKey } = await call(`/api/v1/merchants/${m.id}/api-keys`, { method: 'POST', idempotent: true });
    message($('stalls-msg'), `${m.stallCode}: ${shownOnce(apiKey)}  ← ${t('chỉ hiện một lần', 'shown once')}`, 'ok');
  } catch (error) {
    message($('stalls-msg'), errorPair(error));
  }
}
