// The staff page for mobile-money activations (/admin/activations): record one activation, import a CSV file, see
// the ward's progress. Language, API calls, error texts and Vietnam time come from the shared modules.
import { api as request } from '/assets/shared/fetch.js';
import { applyLanguage as applyPageLanguage, lang, num, setLanguage, t as tr } from '/assets/shared/language.js';
import { errorText } from '/assets/activations-texts.js';
import { setupImport } from '/assets/activations-import.js';
import { setupRecordForm } from '/assets/activations-record.js';
import { formatVietnamTime, vietnamMinute } from '/assets/shared/vietnam-time.js';

const TOKEN_KEY = 'staffToken';
const $ = (id) => document.getElementById(id);
let token = localStorage.getItem(TOKEN_KEY) || '';
let teams = [];
// The team the server counts this person's activations for when the form names none (GET /api/v1/staff/me): a team
// id, or null when they are in no team (an admin, say: the form then asks for the ward).
let myTeam = null;

function applyLanguage() {
  applyPageLanguage();
  $('lang').textContent = lang.current === 'vi' ? 'English' : 'Tiếng Việt';
  renderTeams();
}

// What a message says is kept as a function, so a language switch can say it again in the other language.
const shown = new Map();
function show(el, text, kind) {
  const render = typeof text === 'function' ? text : () => text;
  shown.set(el, render);
  el.textContent = render();
  el.className = `msg ${kind || ''}`;
  el.classList.remove('hidden');
}
function reshow() {
  for (const [el, render] of shown) el.textContent = render();
  importer.rerender();
}

/** The shared API client with this person's token; a 401 signs out. Answers { status, data } as the page reads it. */
async function api(path, options = {}) {
  const data = await request(path, { ...options, token, onUnauthorized: signOut });
  return { data };
}

function signOut() {
  localStorage.removeItem(TOKEN_KEY);
  token = '';
  $('app').classList.add('hidden');
  $('logout').classList.add('hidden');
  $('login').classList.remove('hidden');
}

// The ward picker offers the official wards of the provinces the teams work in (Cao Bằng, 04, before any team has a
// ward code): what a staff member types is matched against the same list on the server.
const DEFAULT_PROVINCES = ['04'];
async function loadWards() {
  const codes = [...new Set(teams.map((t) => t.provinceCode).filter(Boolean))];
  const lists = await Promise.all(
    (codes.length ? codes : DEFAULT_PROVINCES).map((code) =>
      request(`/api/v1/admin-units/wards?province=${encodeURIComponent(code)}`),
    ),
  );
  $('wards').replaceChildren(
    ...lists
      .flatMap((list) => list.wards)
      .map((w) => {
        const option = new Option(w.name);
        option.dataset.code = w.code;
        return option;
      }),
  );
}

async function start() {
  const { data: providers } = await api('/api/v1/activations/providers');
  $('provider').replaceChildren(...providers.items.map((p) => new Option(p.name, p.code)));
  const lastProvider = localStorage.getItem('activations.provider');
  if (lastProvider) $('provider').value = lastProvider;
  const [teamList, me] = await Promise.all([api('/api/v1/teams'), api('/api/v1/staff/me')]);
  teams = teamList.data.items;
  await loadWards();
  myTeam = me.data.team?.id ?? null;
  $('team').replaceChildren(); // a new sign-in starts from this person's default, not the last one's choice
  renderTeams();
  // Shown once the form knows this person's team: its default (and whether the ward is needed) is then right.
  $('login').classList.add('hidden');
  $('app').classList.remove('hidden');
  $('logout').classList.remove('hidden');
  refresh();
}

function learnMyTeam(team) {
  if (team === myTeam) return;
  myTeam = team;
  renderTeams();
}

function renderTeams() {
  const select = $('team');
  const current = select.value;
  const mine = teams.find((t) => t.id === myTeam);
  // "My team" is offered (as the default) only to someone who has one.
  select.replaceChildren(
    ...(myTeam === null
      ? []
      : [
          new Option(
            mine
              ? tr(`Tổ của tôi: ${mine.name} (mặc định)`, `My team: ${mine.name} (default)`)
              : tr('Tổ của tôi (mặc định)', 'My team (default)'),
            '',
          ),
        ]),
    new Option(tr('Không thuộc tổ nào', 'No team'), 'none'),
    ...teams.map((t) => new Option(`${t.name} · ${t.ward}`, t.id)),
  );
  select.value = [...select.options].some((o) => o.value === current) ? current : select.options[0].value;
  renderWard();
}

/** The ward may be left empty only when the chosen (or own) team gives one. */
function renderWard() {
  const choice = $('team').value;
  const team = teams.find((t) => t.id === (choice === '' ? myTeam : choice));
  const input = $('ward');
  input.required = choice === 'none';
  $('ward-required').classList.toggle('hidden', !input.required);
  input.placeholder = team
    ? tr(`Mặc định: ${team.ward}`, `Default: ${team.ward}`)
    : choice === ''
      ? tr('Mặc định: phường/xã của tổ bạn', "Default: your team's ward")
      : tr('Phường/xã nơi mở tài khoản', 'Where the account was opened');
  input.setCustomValidity(
    input.required && !input.value.trim()
      ? tr('Cần nhập phường/xã (không có tổ để lấy mặc định)', 'Give the ward or commune (no team to take it from)')
      : '',
  );
  if (!input.required || input.value.trim()) input.removeAttribute('aria-invalid');
}
$('team').addEventListener('change', renderWard);
$('ward').addEventListener('input', renderWard);

async function refresh() {
  try {
    const { data: s } = await api('/api/v1/activations/summary?days=1');
    $('s-total').textContent = num(s.total);
    $('s-today').textContent = num(s.today);
    $('s-target').textContent = num(s.target);
    $('s-progress').value = Math.min(1, s.progress);
    $('s-providers').replaceChildren(
      ...s.byProvider.map((p) => {
        const li = document.createElement('li');
        const name = document.createElement('span');
        name.textContent = p.name;
        const count = document.createElement('b');
        count.className = 'mono';
        count.textContent = num(p.count);
        li.append(name, count);
        return li;
      }),
    );
    const { data: list } = await api('/api/v1/activations?limit=10');
    $('recent').replaceChildren(
      ...list.items.map((a) => {
        const row = document.createElement('tr');
        for (const text of [a.phoneMasked, a.providerName, a.ward, formatVietnamTime(a.activatedAt, lang.current)]) {
          const cell = document.createElement('td');
          cell.textContent = text;
          row.append(cell);
        }
        return row;
      }),
    );
  } catch {
    /* the numbers come back on the next refresh */
  }
}

setupRecordForm({ api, show, learnMyTeam, refresh });

const importer = setupImport({ token: () => token, show, forget: (el) => shown.delete(el), refresh, signOut });

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  token = $('token').value.trim();
  try {
    await start();
    localStorage.setItem(TOKEN_KEY, token);
    $('token').value = '';
    $('login-msg').classList.add('hidden');
  } catch (error) {
    signOut();
    show($('login-msg'), () => errorText(error.code, error.message), 'err');
  }
});
$('logout').addEventListener('click', signOut);
$('lang').addEventListener('click', () => {
  setLanguage(lang.current === 'vi' ? 'en' : 'vi');
  applyLanguage();
  reshow();
  refresh();
});
$('at').max = vietnamMinute(new Date());

applyLanguage();
if (token) start().catch(() => signOut());
else signOut();
setInterval(() => {
  if (token && !document.hidden) refresh();
}, 30000);
