// The staff report page (/reports): choose a site or a province and a day or a month, see the report, print it on
// A4 or download it as CSV. The choice lives in the address (?site=…&date=… or ?province=…&month=…), so a report
// can be bookmarked, shared with a colleague who has a token, and printed as it is.
import { api, apiResponse } from '/assets/shared/fetch.js';
import { applyLanguage, lang, setupLanguageToggle, t } from '/assets/shared/language.js';
import { vietnamDay } from '/assets/shared/vietnam-time.js';
import { renderReport } from '/assets/reports-view.js';

const TOKEN_KEY = 'staffToken';
const $ = (id) => document.getElementById(id);
const show = (el, on = true) => el.classList.toggle('hidden', !on);
let token = localStorage.getItem(TOKEN_KEY) || '';
let report = null;

function signOut() {
  token = '';
  localStorage.removeItem(TOKEN_KEY);
  show($('login'));
  show($('choose'), false);
  show($('logout'), false);
  show($('report'), false);
}

function say(error) {
  const known = {
    unknown_site: ['Không có điểm bán này (hoặc ngoài phạm vi của bạn).', 'No such site (or outside your scope).'],
    unknown_province: ['Không có tỉnh này (hoặc ngoài phạm vi của bạn).', 'No such province (or outside your scope).'],
    network_error: ['Không kết nối được máy chủ.', 'Cannot reach the server.'],
  };
  const text = known[error.code] ? t(...known[error.code]) : `${t('Lỗi', 'Error')}: ${error.message}`;
  $('msg').textContent = text;
  show($('msg'));
}

/** The sites, grouped by province, as the scope choices: each province first (its report), then its sites. */
async function loadScopes() {
  const { sites } = await api('/api/v1/sites');
  const provinces = new Map();
  for (const s of sites) {
    if (!provinces.has(s.provinceCode)) provinces.set(s.provinceCode, { name: s.provinceName, sites: [] });
    provinces.get(s.provinceCode).sites.push(s);
  }
  const select = $('scope');
  select.replaceChildren();
  for (const [code, p] of provinces) {
    const group = Object.assign(document.createElement('optgroup'), { label: p.name ?? code });
    group.append(new Option(`${t('Cả tỉnh', 'Whole province')}: ${p.name ?? code}`, `province=${code}`));
    for (const s of p.sites) group.append(new Option(s.name, `site=${s.slug}`));
    select.append(group);
  }
}

/** The report the address asks for, as the API's query. */
function query(format) {
  const params = new URLSearchParams(location.search);
  const q = new URLSearchParams();
  for (const key of ['site', 'province', 'date', 'month']) if (params.get(key)) q.set(key, params.get(key));
  if (format === 'csv') {
    q.set('format', 'csv');
    q.set('lang', lang.current);
  }
  return { kind: params.get('month') ? 'monthly' : 'daily', q };
}

function fillForm() {
  const params = new URLSearchParams(location.search);
  const scope = params.get('site')
    ? `site=${params.get('site')}`
    : params.get('province')
      ? `province=${params.get('province')}`
      : '';
  if (scope) $('scope').value = scope;
  $('kind').value = params.get('month') ? 'monthly' : 'daily';
  $('date').value = params.get('date') || vietnamDay(new Date());
  $('month').value = params.get('month') || vietnamDay(new Date()).slice(0, 7);
  periodFields();
}

function periodFields() {
  show($('date-label'), $('kind').value === 'daily');
  show($('month-label'), $('kind').value === 'monthly');
}

async function load() {
  show($('msg'), false);
  const { kind, q } = query();
  if (!q.get('site') && !q.get('province')) return;
  try {
    report = await api(`/api/v1/reports/${kind}?${q}`, { token, onUnauthorized: signOut });
    renderReport($('report'), report);
    show($('report'));
    document.title = `${$('report-title').textContent} · ${t('Báo cáo', 'Report')}`;
    document.body.dataset.ready = 'true';
  } catch (error) {
    show($('report'), false);
    say(error);
  }
}

async function downloadCsv() {
  const { kind, q } = query('csv');
  try {
    const res = await apiResponse(`/api/v1/reports/${kind}?${q}`, { token, onUnauthorized: signOut });
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '')?.[1] || 'report.csv';
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  } catch (error) {
    say(error);
  }
}

async function start() {
  show($('login'), false);
  show($('choose'));
  show($('logout'));
  try {
    await loadScopes();
  } catch (error) {
    say(error);
  }
  fillForm();
  await load();
}

$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  token = $('token').value.trim();
  localStorage.setItem(TOKEN_KEY, token);
  void start();
});
$('logout').addEventListener('click', signOut);
$('kind').addEventListener('change', periodFields);
$('choose').addEventListener('submit', (event) => {
  event.preventDefault();
  const params = new URLSearchParams($('scope').value);
  if ($('kind').value === 'daily') params.set('date', $('date').value);
  else params.set('month', $('month').value);
  history.pushState(null, '', `/reports?${params}`);
  void load();
});
$('print').addEventListener('click', () => window.print());
$('csv').addEventListener('click', () => void downloadCsv());
window.addEventListener('popstate', () => {
  fillForm();
  void load();
});
setupLanguageToggle($('lang'), () => {
  applyLanguage();
  if (report) renderReport($('report'), report);
});

if (token) void start();
else show($('login'));
