// The test-money payment page (/pay, sandbox only): read a VietQR code and pay it from the sandbox bank.
import { api, setupLanguageToggle, t, vnd } from '/assets/common.js';
import { parseVndAmount } from '/assets/vnd-amount.js';
import { errorMessage } from '/assets/shared/errors.js';

const $ = (id) => document.getElementById(id);
let decoded = null;
/** What is on screen (a result, an error), kept so that a language switch can write it again. */
let shown = { result: null, scanError: null, payError: null };

// The server's error codes in the shopper's words; the server's own (English) message is the fallback.
const ERRORS = {
  qr_bad_crc: [
    'Mã bị sai hoặc thiếu ký tự (mã kiểm tra không khớp). Hãy dán lại cả mã.',
    'The code is damaged or incomplete (its checksum does not match). Paste the whole code again.',
  ],
  qr_missing_crc: [
    'Mã bị cắt mất phần cuối. Hãy dán lại cả mã.',
    'The end of the code is missing. Paste the whole code again.',
  ],
  qr_bad_format: ['Đây không phải mã QR thanh toán.', 'This is not a payment QR code.'],
  qr_length_overrun: ['Mã bị cắt ngắn. Hãy dán lại cả mã.', 'The code is cut short. Paste the whole code again.'],
  qr_nested_length: ['Mã bị hỏng. Hãy dán lại cả mã.', 'The code is damaged. Paste the whole code again.'],
  qr_not_vietqr: [
    'Đây là mã QR, nhưng không phải mã chuyển khoản VietQR.',
    'This QR code is not a VietQR transfer code.',
  ],
  qr_bad_bin: ['Mã ghi một ngân hàng không tồn tại.', 'The code names a bank that does not exist.'],
  qr_bad_account: ['Số tài khoản trong mã không hợp lệ.', 'The account number in the code is not valid.'],
  qr_bad_amount: ['Số tiền trong mã không hợp lệ.', 'The amount in the code is not valid.'],
  amount_required: ['Mã tĩnh của gian hàng: hãy nhập số tiền.', "The stall's static code: enter the amount."],
  amount_invalid: ['Số tiền phải là số đồng chẵn, ví dụ 25.000 hoặc 25000.', 'Enter whole đồng, e.g. 25.000 or 25000.'],
  amount_too_large: ['Số tiền vượt mức tối đa cho một giao dịch.', 'More than the largest amount for one transfer.'],
  unknown_payer_bank: ['Hãy chọn ngân hàng hoặc ví.', 'Choose a bank or wallet.'],
  rate_limited: ['Quá nhiều lần thử. Hãy đợi một phút rồi thử lại.', 'Too many tries. Wait a minute and try again.'],
};
const errorText = (error) => errorMessage(error.code, { texts: ERRORS, fallback: error.message });

// What happened to the money, as a shopper would want to hear it (the bank side decided it, not this page).
const OUTCOMES = {
  matched: [true, 'Gian hàng đã nhận được tiền.', 'The stall has received the money.'],
  overpaid: [
    false,
    'Bạn chuyển nhiều hơn số tiền cần trả: gian hàng nhận đủ, phần thừa chờ được trả lại.',
    'You sent more than the price: the stall is paid and the excess waits to be handed back.',
  ],
  underpaid: [
    false,
    'Bạn chuyển ít hơn số tiền cần trả: gian hàng sẽ liên hệ để xử lý.',
    'You sent less than the price: the stall will settle it with you.',
  ],
  late: [
    false,
    'Mã đã hết hạn hoặc đã bị hủy: khoản tiền chờ gian hàng xử lý.',
    'The code had expired or was cancelled: the money waits for the stall to settle it.',
  ],
  duplicate: [
    false,
    'Mã này đã được thanh toán trước đó: khoản tiền lần này chờ được trả lại.',
    'This code was already paid: this second payment waits to be returned.',
  ],
  unmatched: [
    false,
    'Chưa xác định được gian hàng nhận: khoản tiền chờ cán bộ xử lý.',
    'The receiving stall could not be identified: the money waits for staff review.',
  ],
};

function renderShown() {
  $('scan-error').textContent = shown.scanError
    ? t('Mã không hợp lệ: ', 'Not a valid code: ') + errorText(shown.scanError)
    : '';
  $('pay-error').textContent = shown.payError ? errorText(shown.payError) : '';
  const res = shown.result;
  if (!res) return;
  const [settled, vi, en] = OUTCOMES[res.payment?.outcome] ?? [
    false,
    'Đã gửi lệnh chuyển tiền.',
    'The transfer was sent.',
  ];
  $('result-title').textContent =
    (settled
      ? t('Chuyển tiền thành công', 'Transfer complete')
      : t('Đã chuyển tiền, cần xử lý thêm', 'Transfer sent, needs settling')) + ` · ${vnd(res.amount)}`;
  $('result-title').className = `big ${settled ? 'ok' : 'warn'}`;
  $('result-detail').textContent =
    `${t(vi, en)} ${res.payerBank} → ${decoded?.name ?? ''} · ${t('Mã giao dịch', 'Transaction')} ${res.transferId}`;
}
setupLanguageToggle($('lang'), renderShown);

const institutions = await api('/sandbox/institutions');
const group = (kind, label) =>
  `<optgroup label="${label}">${institutions
    .filter((i) => i.kind === kind)
    .map((i) => `<option value="${i.code}">${i.shortName}</option>`)
    .join('')}</optgroup>`;
$('bank').innerHTML = group('bank', 'Ngân hàng / Banks') + group('wallet', 'Ví điện tử / Wallets');
$('bank').value = 'VCB';

async function read(payload) {
  shown = { result: null, scanError: null, payError: null };
  renderShown();
  try {
    decoded = await api('/api/v1/qr/decode', { method: 'POST', body: { payload: payload.trim() } });
  } catch (error) {
    shown.scanError = error;
    renderShown();
    return;
  }
  $('payload').value = payload.trim();
  $('payee-name').textContent = decoded.name || decoded.account;
  $('payee-bank').textContent = `${decoded.bank?.shortName ?? decoded.bin} · ${decoded.account}`;
  $('amount').value = decoded.amount === null ? '' : Number(decoded.amount).toLocaleString('vi-VN'); // 45.000, as banks show it
  $('amount').readOnly = decoded.amount !== null; // a dynamic code fixes the amount, as real bank apps do
  $('memo').textContent = decoded.purpose ? `${t('Nội dung', 'Memo')}: ${decoded.purpose}` : '';
  $('payee').style.display = 'block';
  $('result').style.display = 'none';
}

$('read').addEventListener('click', () => read($('payload').value));

$('camera').addEventListener('click', async () => {
  if (!('BarcodeDetector' in window)) {
    $('scan-error').textContent = t(
      'Trình duyệt này không quét được mã; hãy dán mã.',
      'This browser cannot scan; paste the code instead.',
    );
    return;
  }
  const video = $('video');
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  } catch {
    // Refused, or no camera: say so rather than leave the button doing nothing.
    shown.scanError = {
      code: 'camera',
      message: t(
        'Không mở được camera (chưa cho phép?). Hãy dán mã.',
        'The camera could not be opened (not allowed?). Paste the code instead.',
      ),
    };
    renderShown();
    return;
  }
  video.srcObject = stream;
  video.style.display = 'block';
  await video.play();
  const detector = new BarcodeDetector({ formats: ['qr_code'] });
  const tick = async () => {
    const codes = await detector.detect(video).catch(() => []);
    if (codes.length) {
      stream.getTracks().forEach((track) => track.stop());
      video.style.display = 'none';
      return read(codes[0].rawValue);
    }
    requestAnimationFrame(tick);
  };
  tick();
});

$('pay').addEventListener('click', async () => {
  shown.payError = null;
  renderShown();
  const typed = $('amount').value.trim();
  const amount = parseVndAmount(typed);
  if (amount === null) {
    shown.payError = { code: typed ? 'amount_invalid' : 'amount_required', message: '' };
    renderShown();
    return;
  }
  $('pay').disabled = true;
  try {
    const body = { payload: $('payload').value.trim(), payerBank: $('bank').value, payerName: $('payer').value };
    if (decoded.amount === null) body.amount = amount;
    const res = await api('/sandbox/transfers', { method: 'POST', body });
    shown.result = res;
    renderShown();
    $('result').dataset.outcome = res.payment?.outcome ?? '';
    $('payee').style.display = 'none';
    $('result').style.display = 'block';
  } catch (error) {
    shown.payError = error;
    renderShown();
  } finally {
    $('pay').disabled = false;
  }
});

$('again').addEventListener('click', () => {
  $('payload').value = '';
  $('result').style.display = 'none';
  window.scrollTo(0, 0);
});

const fromLink = new URLSearchParams(location.search).get('payload');
if (fromLink) read(fromLink);
