// The CSV import of the activations page: upload with progress (the server imports lines as they arrive), then the
// report of created, duplicate and refused lines.
import { apiError } from '/assets/shared/fetch.js';
import { num, t as tr } from '/assets/shared/language.js';
import { errorText, reasonText } from '/assets/activations-texts.js';

const $ = (id) => document.getElementById(id);

/**
 * Wires the upload; answers `rerender`, which writes the last report again (after a language switch).
 * `show` and `forget` manage the page's messages; `token` answers the current staff token.
 */
export function setupImport({ token, show, forget, refresh, signOut }) {
  let lastReport = null;

  $('file').addEventListener('change', () => {
    $('upload-btn').disabled = !$('file').files.length;
  });
  $('upload-btn').addEventListener('click', () => {
    const file = $('file').files[0];
    if (!file) return;
    $('upload-btn').disabled = true;
    $('report').classList.add('hidden');
    $('upload-msg').classList.add('hidden');
    forget($('upload-msg'));
    lastReport = null;
    $('upload-progress').classList.remove('hidden');
    const bar = $('upload-bar');
    const status = $('upload-status');
    bar.value = 0;
    // The server imports lines as they arrive, so the upload progress is the import progress.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/activations/import');
    xhr.setRequestHeader('authorization', `Bearer ${token()}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      bar.value = Math.round((e.loaded / e.total) * 100);
      status.textContent = tr(
        `Đang gửi và xử lý… ${bar.value}% (${num(Math.round(e.loaded / 1024))} KB)`,
        `Sending and importing… ${bar.value}% (${num(Math.round(e.loaded / 1024))} KB)`,
      );
    });
    xhr.upload.addEventListener('load', () => {
      status.textContent = tr('Đang hoàn tất…', 'Finishing…');
      bar.removeAttribute('value');
    });
    xhr.addEventListener('load', () => {
      $('upload-btn').disabled = false;
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
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
      show(
        $('upload-msg'),
        () =>
          tr(
            'Mất kết nối. Gửi lại an toàn: dòng đã nhập sẽ được tính là trùng.',
            'Connection lost. Sending again is safe: lines already imported count as duplicates.',
          ),
        'err',
      );
    });
    xhr.send(file);
  });

  function renderReport(r) {
    lastReport = r;
    $('report').classList.remove('hidden');
    $('r-created').textContent = num(r.created);
    $('r-duplicates').textContent = num(r.duplicates);
    $('r-rejected').textContent = num(r.rejectedCount);
    $('r-total').textContent =
      tr(`${num(r.totalLines)} dòng dữ liệu đã đọc.`, `${num(r.totalLines)} data lines read.`) +
      (r.rejectedCount > r.rejected.length
        ? tr(
            ` Hiển thị ${num(r.rejected.length)} dòng bị từ chối đầu tiên.`,
            ` Showing the first ${num(r.rejected.length)} rejected lines.`,
          )
        : '');
    const body = $('r-table').querySelector('tbody');
    body.replaceChildren(
      ...r.rejected.map((x) => {
        const row = document.createElement('tr');
        const line = document.createElement('td');
        line.textContent = x.line;
        line.className = 'mono';
        const reason = document.createElement('td');
        reason.textContent = reasonText(x.reason);
        row.append(line, reason);
        return row;
      }),
    );
    $('r-table').classList.toggle('hidden', r.rejected.length === 0);
  }

  return {
    rerender: () => {
      if (lastReport) renderReport(lastReport);
    },
  };
}
