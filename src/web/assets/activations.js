// The staff page for mobile-money activations (/admin/activations): record one activation, import a CSV file, see
// the ward's progress. Language, API calls, error texts and Vietnam time come from the shared modules.
import { errorMessage, withTexts } from '/assets/shared/errors.js';
import { api as request, apiError } from '/assets/shared/fetch.js';
import { applyLanguage as applyPageLanguage, lang, num, pick, setLanguage, t as tr } from '/assets/shared/language.js';
import { formatVietnamTime, fromVietnamMinute, vietnamMinute } from '/assets/shared/vietnam-time.js';

const TOKEN_KEY = 'staffToken';
const $ = (id) => document.getElementById(id);
let token = localStorage.getItem(TOKEN_KEY) || '';
let teams = [];
// The team the server counts this person's activations for when the form names none (GET /api/v1/staff/me): a team
// id, or null when they are in no team (an admin, say: the form then asks for the ward).
let myTeam = null;

// This page's error codes (and its wording of the common ones: the token here is a staff token).
const errorTexts = withTexts({
  invalid_phone: ['Số điện thoại không phải số di động Việt Nam hợp lệ', 'Not a valid Vietnamese mobile number'],
  invalid_activated_at: ['Thời điểm kích hoạt không hợp lệ (không được ở tương lai)', 'The activation time is not valid (never in the future)'],
  ward_required: ['Cần nhập phường/xã (hoặc chọn một tổ)', 'Give the ward or commune (or choose a team)'],
  unknown_team: ['Không tìm thấy tổ này', 'No such team'],
  validation_failed: ['Thông tin chưa hợp lệ', 'Some fields are not valid'],
  csv_missing_columns: ['Tệp thiếu cột bắt buộc (provider, phone, ward)', 'The file lacks a required column (provider, phone, ward)'],
  csv_empty: ['Tệp trống', 'The file is empty'],
  payload_too_large: ['Tệp quá lớn (tối đa 8 MB): hãy chia nhỏ', 'The file is too large (8 MB at most): split it'],
  too_many_lines: ['Tệp quá 50.000 dòng: hãy chia nhỏ (nhập lại phần đã nhập là an toàn)', 'More than 50,000 lines: split the file (re-importing is safe)'],
  unauthorized: ['Mã cán bộ không hợp lệ', 'The staff token is not valid'],
  invalid_token: ['Mã cán bộ không hợp lệ', 'The staff token is not valid'],
  forbidden: ['Mã này không có quyền', 'This token may not do that'],
  csv_bad_header: ['Không đọc được dòng tiêu đề của tệp: hãy lưu tệp dạng "CSV UTF-8"', 'The header row cannot be read: save the file as "CSV UTF-8"'],
  unsupported_media_type: ['Hãy chọn một tệp CSV', 'Choose a CSV file'],
  invalid_json: ['Dữ liệu gửi lên không hợp lệ', 'What was sent is not valid'],
  rate_limited: ['Quá nhiều yêu cầu: đợi một lát rồi thử lại', 'Too many requests: wait a moment and try again'],
  not_found: ['Không tìm thấy', 'Not found'],
  internal_error: ['Máy chủ gặp lỗi (đã được ghi lại): thử lại sau', 'The server failed (it was logged): try again later'],
});
// A refused field of the record form (activations.schemas.ts), when the server names one.
const fieldTexts = {
  'body.provider': ['Chọn một nhà cung cấp trong danh sách', 'Choose a provider from the list'],
  'body.phone': ['Nhập số điện thoại (tối đa 40 ký tự)', 'Give the phone number (at most 40 characters)'],
  'body.ward': ['Phường/xã: tối đa 80 ký tự', 'Ward or commune: at most 80 characters'],
  'body.teamId': ['Không tìm thấy tổ này', 'No such team'],
  'body.activatedAt': errorTexts.invalid_activated_at,
};
const errorText = (code, fallback, details) => {
  const field = code === 'validation_failed' && Array.isArray(details) ? details.find((d) => fieldTexts[d?.field]) : undefined;
  if (field) return pick(fieldTexts[field.field]);
  return errorMessage(code, { fallback, texts: errorTexts });
};

// Why an imported line was refused: the report carries the server's English reason only (csv-import.ts,
// csv-records.ts, phone.ts, vietnam-time.ts), so known reasons are recognised by their text; others stay as sent.
const reasonTexts = [
  [/^not UTF-8 text/, () => ['Không phải văn bản UTF-8: hãy lưu tệp dạng "CSV UTF-8"', 'Not UTF-8 text: save the file as "CSV UTF-8"']],
  [/NUL character|invalid Unicode/, () => ['Dòng có ký tự NUL hoặc Unicode không hợp lệ: hãy lưu tệp dạng "CSV UTF-8"', 'The line holds a NUL character or invalid Unicode: save the file as "CSV UTF-8"']],
  [/^the line has (\d+) fields, the header (\d+)/, (m) => [`Dòng có ${m[1]} cột, dòng tiêu đề có ${m[2]} (có giá trị nào chứa dấu phẩy hay chấm phẩy mà không đặt trong ngoặc kép?)`, `The line has ${m[1]} fields, the header ${m[2]} (does a value hold an unquoted comma or semicolon?)`]],
  [/^provider is empty$/, () => ['Thiếu nhà cung cấp', 'The provider is empty']],
  [/^unknown provider \(use (.*)\)$/, (m) => [`Không rõ nhà cung cấp (dùng ${m[1]})`, `Unknown provider (use ${m[1]})`]],
  [/^phone is empty$/, () => ['Thiếu số điện thoại', 'The phone number is empty']],
  [/^phone may only hold/, () => ['Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, gạch ngang và +84 ở đầu', 'A phone number holds only digits, spaces, dots, dashes and a leading +84']],
  [/^only Vietnamese numbers/, () => ['Chỉ nhận số điện thoại Việt Nam (+84)', 'Only Vietnamese numbers (+84) are accepted']],
  [/^old 11-digit number/, () => ['Số 11 chữ số kiểu cũ: dùng số 10 chữ số (đổi từ 2018)', 'Old 11-digit number: use the 10-digit form (since 2018)']],
  [/^a Vietnamese mobile number has 10 digits/, () => ['Số di động Việt Nam có 10 chữ số (0xxxxxxxxx)', 'A Vietnamese mobile number has 10 digits (0xxxxxxxxx)']],
  [/^(\d+) is not a Vietnamese mobile prefix$/, (m) => [`${m[1]} không phải đầu số di động Việt Nam`, `${m[1]} is not a Vietnamese mobile prefix`]],
  [/^unknown team/, () => ['Không tìm thấy tổ (ghi tên hoặc mã của một tổ đã có)', 'Unknown team (give the name or id of an existing team)']],
  [/^ward is empty$/, () => ['Thiếu phường/xã', 'The ward is empty']],
  [/^ward is longer than (\d+) characters$/, (m) => [`Tên phường/xã dài quá ${m[1]} ký tự`, `The ward is longer than ${m[1]} characters`]],
  [/^activated_at is not a time/, () => ['activated_at không phải thời điểm (dùng ISO 8601 hoặc YYYY-MM-DD HH:mm giờ Việt Nam)', 'activated_at is not a time (use ISO 8601, or YYYY-MM-DD HH:mm in Vietnam time)']],
  [/^activation time is in the future$/, () => ['Thời điểm kích hoạt ở tương lai', 'The activation time is in the future']],
  [/^activation time is before the mobile-money pilot began/, () => ['Thời điểm kích hoạt trước ngày bắt đầu thí điểm Mobile Money (09/03/2021)', 'The activation time is before the mobile-money pilot began (2021-03-09)']],
  [/^malformed CSV: a quote is opened and never closed/, () => ['CSV lỗi: có dấu ngoặc kép mở mà không đóng (phần còn lại của tệp bị đọc thành một ô)', 'Malformed CSV: a quote is opened and never closed (the rest of the file was read as one field)']],
  [/^malformed CSV: the line is too long/, () => ['CSV lỗi: dòng quá dài (có dấu ngoặc kép chưa đóng?)', 'Malformed CSV: the line is too long (is a quote left open?)']],
  [/^malformed CSV: a closing quote is followed/, () => ['CSV lỗi: sau dấu ngoặc kép đóng còn ký tự khác', 'Malformed CSV: a closing quote is followed by other characters']],
  [/^malformed CSV \((.*)\)$/, (m) => [`CSV lỗi (${m[1]})`, `Malformed CSV (${m[1]})`]],
];
const reasonText = (reason) => {
  for (const [pattern, texts] of reasonTexts) {
    const match = pattern.exec(reason);
    if (match) return pick(texts(match));
  }
  return reason;
};

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
  if (lastReport) renderReport(lastReport);
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

async function start() {
  const { data: providers } = await api('/api/v1/activations/providers');
  $('provider').replaceChildren(...providers.items.map((p) => new Option(p.name, p.code)));
  const lastProvider = localStorage.getItem('activations.provider');
  if (lastProvider) $('provider').value = lastProvider;
  const [teamList, me] = await Promise.all([api('/api/v1/teams'), api('/api/v1/staff/me')]);
  teams = teamList.data.items;
  $('wards').replaceChildren(...[...new Set(teams.map((t) => t.ward))].map((w) => new Option(w)));
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
    ...(myTeam === null ? [] : [new Option(mine ? tr(`Tổ của tôi: ${mine.name} (mặc định)`, `My team: ${mine.name} (default)`) : tr('Tổ của tôi (mặc định)', 'My team (default)'), '')]),
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
  input.placeholder = team ? tr(`Mặc định: ${team.ward}`, `Default: ${team.ward}`)
    : choice === '' ? tr('Mặc định: phường/xã của tổ bạn', "Default: your team's ward")
    : tr('Phường/xã nơi mở tài khoản', 'Where the account was opened');
  input.setCustomValidity(input.required && !input.value.trim() ? tr('Cần nhập phường/xã (không có tổ để lấy mặc định)', 'Give the ward or commune (no team to take it from)') : '');
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
    $('s-providers').replaceChildren(...s.byProvider.map((p) => {
      const li = document.createElement('li');
      const name = document.createElement('span');
      name.textContent = p.name;
      const count = document.createElement('b');
      count.className = 'mono';
      count.textContent = num(p.count);
      li.append(name, count);
      return li;
    }));
    const { data: list } = await api('/api/v1/activations?limit=10');
    $('recent').replaceChildren(...list.items.map((a) => {
      const row = document.createElement('tr');
      for (const text of [a.phoneMasked, a.providerName, a.ward, formatVietnamTime(a.activatedAt, lang.current)]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }));
  } catch { /* the numbers come back on the next refresh */ }
}

// One Idempotency-Key per activation being recorded: a retry after a lost answer cannot record twice.
let pendingKey = null;
let pendingBody = null;
$('record-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = $('record-btn');
  button.disabled = true;
  const body = { provider: $('provider').value, phone: $('phone').value };
  if ($('ward').value.trim()) body.ward = $('ward').value.trim();
  if ($('team').value === 'none') body.teamId = null;
  else if ($('team').value) body.teamId = $('team').value;
  // Times are Vietnam time whatever the phone's own time zone is set to.
  if ($('at').value) body.activatedAt = fromVietnamMinute($('at').value);
  const bodyText = JSON.stringify(body);
  if (!pendingKey || pendingBody !== bodyText) {
    pendingKey = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    pendingBody = bodyText;
  }
  try {
    const { data } = await api('/api/v1/activations', { method: 'POST', body, headers: { 'idempotency-key': pendingKey } });
    const a = data.activation;
    // An admin may have moved this person to another team meanwhile: the server's answer says which it took.
    if (!('teamId' in body) && !data.duplicate) learnMyTeam(a.team?.id ?? null);
    if (data.duplicate) show($('record-msg'), () => tr(`Đã có từ trước: ${a.phoneMasked} · ${a.providerName} (không tính thêm)`, `Already recorded: ${a.phoneMasked} · ${a.providerName} (not counted again)`), 'warn');
    else show($('record-msg'), () => tr(`Đã ghi nhận ${a.phoneMasked} · ${a.providerName} · ${a.ward}`, `Recorded ${a.phoneMasked} · ${a.providerName} · ${a.ward}`), 'ok');
    localStorage.setItem('activations.provider', body.provider);
    pendingKey = null;
    $('phone').value = '';
    $('phone').focus();
    refresh();
  } catch (error) {
    if (error.status && error.status < 500) pendingKey = null; // a refused request may be corrected and sent anew
    if (error.code === 'ward_required' && !('teamId' in body)) {
      // "My team" gave no ward: taken out of their team meanwhile. Say so, and ask for the ward from now on.
      learnMyTeam(null);
      $('ward').setAttribute('aria-invalid', 'true');
      $('ward').focus();
      show($('record-msg'), () => tr('Bạn không thuộc tổ nào: nhập phường/xã rồi bấm Ghi nhận lại.', 'You are in no team: give the ward or commune, then press Record again.'), 'err');
    } else {
      show($('record-msg'), () => (error.status ? errorText(error.code, error.message, error.details) : tr('Mất kết nối: bấm lại để gửi lại', 'No connection: press again to retry')), 'err');
    }
  } finally {
    button.disabled = false;
  }
});

$('file').addEventListener('change', () => { $('upload-btn').disabled = !$('file').files.length; });
$('upload-btn').addEventListener('click', () => {
  const file = $('file').files[0];
  if (!file) return;
  $('upload-btn').disabled = true;
  $('report').classList.add('hidden');
  $('upload-msg').classList.add('hidden');
  shown.delete($('upload-msg'));
  lastReport = null;
  $('upload-progress').classList.remove('hidden');
  const bar = $('upload-bar');
  const status = $('upload-status');
  bar.value = 0;
  // The server imports lines as they arrive, so the upload progress is the import progress.
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/v1/activations/import');
  xhr.setRequestHeader('authorization', `Bearer ${token}`);
  xhr.setRequestHeader('content-type', 'text/csv');
  xhr.upload.addEventListener('progress', (e) => {
    if (!e.lengthComputable) return;
    bar.value = Math.round((e.loaded / e.total) * 100);
    status.textContent = tr(`Đang gửi và xử lý… ${bar.value}% (${num(Math.round(e.loaded / 1024))} KB)`, `Sending and importing… ${bar.value}% (${num(Math.round(e.loaded / 1024))} KB)`);
  });
  xhr.upload.addEventListener('load', () => { status.textContent = tr('Đang hoàn tất…', 'Finishing…'); bar.removeAttribute('value'); });
  xhr.addEventListener('load', () => {
    $('upload-btn').disabled = false;
    let data = null;
    try { data = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
    if (xhr.status === 401) signOut();
    if (xhr.status !== 200 || !data) {
      $('upload-progress').classList.add('hidden');
      const error = apiError(xhr.status, data);
    return show($('upload-msg'), () => errorText(error.code, data?.error?.message, error.details), 'err');
    }
    bar.value = 100;
    status.textContent = '';
    renderReport(data);
    refresh();
  });
  xhr.addEventListener('error', () => {
    $('upload-btn').disabled = false;
    $('upload-progress').classList.add('hidden');
    show($('upload-msg'), () => tr('Mất kết nối. Gửi lại an toàn: dòng đã nhập sẽ được tính là trùng.', 'Connection lost. Sending again is safe: lines already imported count as duplicates.'), 'err');
  });
  xhr.send(file);
});

let lastReport = null;
function renderReport(r) {
  lastReport = r;
  $('report').classList.remove('hidden');
  $('r-created').textContent = num(r.created);
  $('r-duplicates').textContent = num(r.duplicates);
  $('r-rejected').textContent = num(r.rejectedCount);
  $('r-total').textContent = tr(`${num(r.totalLines)} dòng dữ liệu đã đọc.`, `${num(r.totalLines)} data lines read.`) +
    (r.rejectedCount > r.rejected.length ? tr(` Hiển thị ${num(r.rejected.length)} dòng bị từ chối đầu tiên.`, ` Showing the first ${num(r.rejected.length)} rejected lines.`) : '');
  const body = $('r-table').querySelector('tbody');
  body.replaceChildren(...r.rejected.map((x) => {
    const row = document.createElement('tr');
    const line = document.createElement('td');
    line.textContent = x.line;
    line.className = 'mono';
    const reason = document.createElement('td');
    reason.textContent = reasonText(x.reason);
    row.append(line, reason);
    return row;
  }));
  $('r-table').classList.toggle('hidden', r.rejected.length === 0);
}

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
setInterval(() => { if (token && !document.hidden) refresh(); }, 30000);
