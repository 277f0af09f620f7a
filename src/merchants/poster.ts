import type { MerchantRow } from './merchants.repository.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A printable A5/A6 poster for the stall: Vietnamese name first, the static QR, and how to pay. */
export function posterHtml(m: MerchantRow, qrSvg: string, bankName: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(m.stall_code)} · ${escapeHtml(m.name)}</title>
<style>
  @page { size: A5 portrait; margin: 10mm; }
  @media print { .no-print { display: none; } body { background: #fff; } }
  body { font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; margin: 0; background: #f3f4f6; color: #111; }
  .poster { box-sizing: border-box; width: 148mm; min-height: 200mm; margin: 0 auto; background: #fff; padding: 10mm;
            text-align: center; border-top: 10mm solid #c8102e; }
  .stall { font-size: 14pt; letter-spacing: .1em; color: #555; }
  h1 { font-size: 24pt; margin: 2mm 0 4mm; }
  .qr svg { width: 100mm; height: 100mm; }
  .pay { font-size: 15pt; font-weight: 600; margin: 4mm 0 1mm; }
  .pay-en { font-size: 11pt; color: #555; }
  .account { font-size: 10pt; color: #333; margin-top: 4mm; }
  .vietqr { font-weight: 800; color: #c8102e; }
  @media print and (max-width: 110mm) { .poster { width: 105mm; min-height: 140mm; } .qr svg { width: 80mm; height: 80mm; } h1 { font-size: 18pt; } }
  .no-print { text-align: center; padding: 1rem; }
  /* On a phone's screen the A5 sheet is shown shrunk to the screen's width; printing keeps its real size. */
  @media screen { .poster { max-width: 100%; min-height: 0; } .qr svg { max-width: 100%; height: auto; aspect-ratio: 1; } }
</style>
</head>
<body>
  <div class="no-print"><button id="print">In áp phích / Print poster</button></div>
  <script type="module" src="/assets/print-button.js"></script>
  <main class="poster">
    <div class="stall">${escapeHtml(m.stall_code)}</div>
    <h1>${escapeHtml(m.name)}</h1>
    <div class="qr">${qrSvg}</div>
    <p class="pay">Quét mã bằng bất kỳ ứng dụng ngân hàng hoặc ví điện tử nào</p>
    <p class="pay-en">Pay with any banking or mobile-money app</p>
    <p class="account"><span class="vietqr">VietQR</span> · ${escapeHtml(bankName)} · ${escapeHtml(m.qr_name)}</p>
  </main>
</body>
</html>`;
}
