import { t as tr } from '/assets/shared/language.js';
import { errorText } from '/assets/activations-texts.js';
import { fromVietnamMinute } from '/assets/shared/vietnam-time.js';

const $ = (id) => document.getElementById(id);

/**
 * The form that records one activation. `api` is the page's authenticated fetch, `show` its message helper,
 * `learnMyTeam` remembers the caller's team from the server's answer, `refresh` reloads the list.
 */
export function setupRecordForm({ api, show, learnMyTeam, refresh }) {
  // One Idempotency-Key per activation being recorded: a retry after a lost answer cannot record twice.
  let pendingKey = null;
  let pendingBody = null;
  $('record-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('record-btn');
    button.disabled = true;
    const body = { provider: $('provider').value, phone: $('phone').value };
    const wardText = $('ward').value.trim();
    // A name picked from the official list goes as its code: no doubt which ward (two provinces may share a name).
    const picked = [...$('wards').options].find((o) => o.value === wardText);
    if (wardText) body.ward = picked?.dataset.code || wardText;
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
      const { data } = await api('/api/v1/activations', {
        method: 'POST',
        body,
        headers: { 'idempotency-key': pendingKey },
      });
      const a = data.activation;
      // An admin may have moved this person to another team meanwhile: the server's answer says which it took.
      if (!('teamId' in body) && !data.duplicate) learnMyTeam(a.team?.id ?? null);
      if (data.duplicate)
        show(
          $('record-msg'),
          () =>
            tr(
              `Đã có từ trước: ${a.phoneMasked} · ${a.providerName} (không tính thêm)`,
              `Already recorded: ${a.phoneMasked} · ${a.providerName} (not counted again)`,
            ),
          'warn',
        );
      else
        show(
          $('record-msg'),
          () =>
            tr(
              `Đã ghi nhận ${a.phoneMasked} · ${a.providerName} · ${a.ward}`,
              `Recorded ${a.phoneMasked} · ${a.providerName} · ${a.ward}`,
            ),
          'ok',
        );
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
        show(
          $('record-msg'),
          () =>
            tr(
              'Bạn không thuộc tổ nào: nhập phường/xã rồi bấm Ghi nhận lại.',
              'You are in no team: give the ward or commune, then press Record again.',
            ),
          'err',
        );
      } else {
        show(
          $('record-msg'),
          () =>
            error.status
              ? errorText(error.code, error.message, error.details)
              : tr('Mất kết nối: bấm lại để gửi lại', 'No connection: press again to retry'),
          'err',
        );
      }
    } finally {
      button.disabled = false;
    }
  });
}
