// What the activations page says about refusals, in Vietnamese and English: the server's error codes, the record
// form's fields, and the reasons an imported line was refused.
import { errorMessage, withTexts } from '/assets/shared/errors.js';
import { pick } from '/assets/shared/language.js';

// This page's error codes (and its wording of the common ones: the token here is a staff token).
const errorTexts = withTexts({
  invalid_phone: ['Số điện thoại không phải số di động Việt Nam hợp lệ', 'Not a valid Vietnamese mobile number'],
  invalid_activated_at: [
    'Thời điểm kích hoạt không hợp lệ (không được ở tương lai)',
    'The activation time is not valid (never in the future)',
  ],
  ward_required: ['Cần nhập phường/xã (hoặc chọn một tổ)', 'Give the ward or commune (or choose a team)'],
  unknown_team: ['Không tìm thấy tổ này', 'No such team'],
  unknown_ward: [
    'Không có phường/xã này trong danh mục chính thức (chọn trong danh sách)',
    'Not an official ward or commune (pick one from the list)',
  ],
  unknown_province: ['Không có tỉnh/thành phố này', 'No such province'],
  validation_failed: ['Thông tin chưa hợp lệ', 'Some fields are not valid'],
  csv_missing_columns: [
    'Tệp thiếu cột bắt buộc (provider, phone, ward)',
    'The file lacks a required column (provider, phone, ward)',
  ],
  csv_empty: ['Tệp trống', 'The file is empty'],
  payload_too_large: ['Tệp quá lớn (tối đa 8 MB): hãy chia nhỏ', 'The file is too large (8 MB at most): split it'],
  too_many_lines: [
    'Tệp quá 50.000 dòng: hãy chia nhỏ (nhập lại phần đã nhập là an toàn)',
    'More than 50,000 lines: split the file (re-importing is safe)',
  ],
  unauthorized: ['Mã cán bộ không hợp lệ', 'The staff token is not valid'],
  invalid_token: ['Mã cán bộ không hợp lệ', 'The staff token is not valid'],
  forbidden: ['Mã này không có quyền', 'This token may not do that'],
  csv_bad_header: [
    'Không đọc được dòng tiêu đề của tệp: hãy lưu tệp dạng "CSV UTF-8"',
    'The header row cannot be read: save the file as "CSV UTF-8"',
  ],
  unsupported_media_type: ['Hãy chọn một tệp CSV', 'Choose a CSV file'],
  invalid_json: ['Dữ liệu gửi lên không hợp lệ', 'What was sent is not valid'],
  rate_limited: ['Quá nhiều yêu cầu: đợi một lát rồi thử lại', 'Too many requests: wait a moment and try again'],
  not_found: ['Không tìm thấy', 'Not found'],
  internal_error: [
    'Máy chủ gặp lỗi (đã được ghi lại): thử lại sau',
    'The server failed (it was logged): try again later',
  ],
});
// A refused field of the record form (activations.schemas.ts), when the server names one.
const fieldTexts = {
  'body.provider': ['Chọn một nhà cung cấp trong danh sách', 'Choose a provider from the list'],
  'body.phone': ['Nhập số điện thoại (tối đa 40 ký tự)', 'Give the phone number (at most 40 characters)'],
  'body.ward': ['Phường/xã: tối đa 80 ký tự', 'Ward or commune: at most 80 characters'],
  'body.teamId': ['Không tìm thấy tổ này', 'No such team'],
  'body.activatedAt': errorTexts.invalid_activated_at,
};
export const errorText = (code, fallback, details) => {
  const field =
    code === 'validation_failed' && Array.isArray(details) ? details.find((d) => fieldTexts[d?.field]) : undefined;
  if (field) return pick(fieldTexts[field.field]);
  return errorMessage(code, { fallback, texts: errorTexts });
};

// Why an imported line was refused: the report carries the server's English reason only (csv-import.ts,
// csv-records.ts, phone.ts, vietnam-time.ts), so known reasons are recognised by their text; others stay as sent.
const reasonTexts = [
  [
    /^not UTF-8 text/,
    () => ['Không phải văn bản UTF-8: hãy lưu tệp dạng "CSV UTF-8"', 'Not UTF-8 text: save the file as "CSV UTF-8"'],
  ],
  [
    /NUL character|invalid Unicode/,
    () => [
      'Dòng có ký tự NUL hoặc Unicode không hợp lệ: hãy lưu tệp dạng "CSV UTF-8"',
      'The line holds a NUL character or invalid Unicode: save the file as "CSV UTF-8"',
    ],
  ],
  [
    /^the line has (\d+) fields, the header (\d+)/,
    (m) => [
      `Dòng có ${m[1]} cột, dòng tiêu đề có ${m[2]} (có giá trị nào chứa dấu phẩy hay chấm phẩy mà không đặt trong ngoặc kép?)`,
      `The line has ${m[1]} fields, the header ${m[2]} (does a value hold an unquoted comma or semicolon?)`,
    ],
  ],
  [/^provider is empty$/, () => ['Thiếu nhà cung cấp', 'The provider is empty']],
  [
    /^unknown provider \(use (.*)\)$/,
    (m) => [`Không rõ nhà cung cấp (dùng ${m[1]})`, `Unknown provider (use ${m[1]})`],
  ],
  [/^phone is empty$/, () => ['Thiếu số điện thoại', 'The phone number is empty']],
  [
    /^phone may only hold/,
    () => [
      'Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, gạch ngang và +84 ở đầu',
      'A phone number holds only digits, spaces, dots, dashes and a leading +84',
    ],
  ],
  [
    /^only Vietnamese numbers/,
    () => ['Chỉ nhận số điện thoại Việt Nam (+84)', 'Only Vietnamese numbers (+84) are accepted'],
  ],
  [
    /^old 11-digit number/,
    () => [
      'Số 11 chữ số kiểu cũ: dùng số 10 chữ số (đổi từ 2018)',
      'Old 11-digit number: use the 10-digit form (since 2018)',
    ],
  ],
  [
    /^a Vietnamese mobile number has 10 digits/,
    () => ['Số di động Việt Nam có 10 chữ số (0xxxxxxxxx)', 'A Vietnamese mobile number has 10 digits (0xxxxxxxxx)'],
  ],
  [
    /^(\d+) is not a Vietnamese mobile prefix$/,
    (m) => [`${m[1]} không phải đầu số di động Việt Nam`, `${m[1]} is not a Vietnamese mobile prefix`],
  ],
  [
    /^unknown team/,
    () => [
      'Không tìm thấy tổ (ghi tên hoặc mã của một tổ đã có)',
      'Unknown team (give the name or id of an existing team)',
    ],
  ],
  [/^ward is empty$/, () => ['Thiếu phường/xã', 'The ward is empty']],
  [
    /^unknown ward/,
    () => [
      'Phường/xã không có trong danh mục chính thức (ghi tên hoặc mã 5 chữ số)',
      'Not an official ward or commune (give its name or five-digit code)',
    ],
  ],
  [
    /^ambiguous ward/,
    () => [
      'Nhiều phường/xã cùng tên: ghi mã 5 chữ số của phường/xã',
      'More than one ward has this name: give the five-digit ward code',
    ],
  ],
  [
    /^ward is longer than (\d+) characters$/,
    (m) => [`Tên phường/xã dài quá ${m[1]} ký tự`, `The ward is longer than ${m[1]} characters`],
  ],
  [
    /^activated_at is not a time/,
    () => [
      'activated_at không phải thời điểm (dùng ISO 8601 hoặc YYYY-MM-DD HH:mm giờ Việt Nam)',
      'activated_at is not a time (use ISO 8601, or YYYY-MM-DD HH:mm in Vietnam time)',
    ],
  ],
  [
    /^activation time is in the future$/,
    () => ['Thời điểm kích hoạt ở tương lai', 'The activation time is in the future'],
  ],
  [
    /^activation time is before the mobile-money pilot began/,
    () => [
      'Thời điểm kích hoạt trước ngày bắt đầu thí điểm Mobile Money (09/03/2021)',
      'The activation time is before the mobile-money pilot began (2021-03-09)',
    ],
  ],
  [
    /^malformed CSV: a quote is opened and never closed/,
    () => [
      'CSV lỗi: có dấu ngoặc kép mở mà không đóng (phần còn lại của tệp bị đọc thành một ô)',
      'Malformed CSV: a quote is opened and never closed (the rest of the file was read as one field)',
    ],
  ],
  [
    /^malformed CSV: the line is too long/,
    () => [
      'CSV lỗi: dòng quá dài (có dấu ngoặc kép chưa đóng?)',
      'Malformed CSV: the line is too long (is a quote left open?)',
    ],
  ],
  [
    /^malformed CSV: a closing quote is followed/,
    () => [
      'CSV lỗi: sau dấu ngoặc kép đóng còn ký tự khác',
      'Malformed CSV: a closing quote is followed by other characters',
    ],
  ],
  [/^malformed CSV \((.*)\)$/, (m) => [`CSV lỗi (${m[1]})`, `Malformed CSV (${m[1]})`]],
];
export const reasonText = (reason) => {
  for (const [pattern, texts] of reasonTexts) {
    const match = pattern.exec(reason);
    if (match) return pick(texts(match));
  }
  return reason;
};
