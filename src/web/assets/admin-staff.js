// The /admin view of staff accounts: create one, list them, revoke a token.
import { api, t } from '/assets/common.js';
import { $, show, h, cell, message, errorPair, errorText, shownOnce, call, copy } from '/assets/admin-kit.js';

// ---------- Staff ----------
$('staff-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  message($('staff-error'), '');
  show($('staff-result'), false);
  try {
    const { staff, token } = await call('/api/v1/staff', {
      method: 'POST',
      body: { name: $('staff-name').value.trim(), role: $('staff-role').value },
      idempotent: true,
    });
    $('new-staff').textContent =
      `${staff.name} · ${staff.role === 'admin' ? t('Quản trị viên', 'Admin') : t('Cán bộ', 'Staff')}`;
    $('new-staff-token').textContent = shownOnce(token);
    $('staff-name').value = '';
    show($('staff-result'));
    loadStaff().catch(() => {});
  } catch (error) {
    message(
      $('staff-error'),
      error.status === 403
        ? t('Chỉ quản trị viên (admin) được tạo tài khoản cán bộ.', 'Only an admin can create staff accounts.')
        : errorText(error),
    );
  }
});
$('copy-staff-token').addEventListener('click', () => copy($('new-staff-token').textContent, $('copy-staff-token')));

export const staffErrorPair = (error) =>
  error.status === 403
    ? ['Chỉ quản trị viên (admin) xem và thu hồi được mã cán bộ.', 'Only an admin can see and revoke staff tokens.']
    : errorPair(error);

function staffRow(s) {
  const tr = h(
    'tr',
    {},
    cell(t('Họ tên', 'Name'), { textContent: s.name }),
    cell(t('Vai trò', 'Role'), {
      textContent: s.role === 'admin' ? t('Quản trị viên', 'Admin') : t('Cán bộ', 'Staff'),
    }),
    cell(t('Trạng thái', 'Status'), { textContent: s.active ? t('Đang dùng', 'Active') : t('Đã thu hồi', 'Revoked') }),
    cell(
      '',
      { className: 'actions' },
      s.active
        ? h('button', {
            type: 'button',
            className: 'secondary',
            textContent: t('Thu hồi mã', 'Revoke token'),
            onclick: () => revokeStaff(s),
          })
        : null,
    ),
  );
  tr.dataset.staffId = s.id;
  return tr;
}

export async function loadStaff() {
  const { items } = await call('/api/v1/staff');
  $('staff-list').replaceChildren(...items.map(staffRow));
}

async function revokeStaff(s) {
  if (
    !confirm(
      t(
        `Thu hồi mã của ${s.name}? Mã đó ngừng hoạt động ngay, không khôi phục được.`,
        `Revoke ${s.name}'s token? It stops working at once, for good.`,
      ),
    )
  )
    return;
  message($('staff-msg'), '');
  try {
    await call(`/api/v1/staff/${s.id}/revoke`, { method: 'POST' });
    // The list is reloaded before the message shows, so the two never disagree on screen.
    await loadStaff();
    message($('staff-msg'), `${s.name}: ${t('đã thu hồi mã', 'token revoked')}`, 'ok');
  } catch (error) {
    message($('staff-msg'), staffErrorPair(error));
  }
}
