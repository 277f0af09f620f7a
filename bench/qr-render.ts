/**
 * Micro-benchmark of the CPU that one dynamic QR costs in-process (no HTTP, no database): the VietQR payload, the
 * inline SVG as src/qr/render.ts makes it today, and the same SVG with cheaper `qrcode` options. It prints the CPU
 * time per call and calls per second of one core, so a change to src/qr/render.ts can be judged in isolation.
 *
 *   node --import tsx bench/qr-render.ts [--duration 2]   (seconds per variant)
 */
import QRCode from 'qrcode';
import { numberOption } from './lib/args.js';
import { printResults, type BenchFigure } from './lib/result.js';
import { fmt, fmtInt } from './lib/stats.js';
import { dynamicQrPayload } from '../src/merchants/merchants.service.js';
import { generateReference } from '../src/payment-requests/reference.js';
import { renderSvg } from '../src/qr/render.js';

const seconds = numberOption('duration', 'DURATION', 2, 0.5);
const merchant = { payout_bin: '970436', payout_account: '04510000042', mcc: '5812', qr_name: 'QUAY THU 42' };
const payloads = Array.from({ length: 2_000 }, () =>
  dynamicQrPayload(merchant, 10_000 + 1_000 * Math.floor(Math.random() * 291), generateReference(), 'CAO BANG'),
);

const sample = QRCode.create(payloads[0], { errorCorrectionLevel: 'M' });
console.log(
  `payload ${payloads[0].length} characters → QR version ${sample.version}, EC M, ${sample.modules.size}×${sample.modules.size} modules`,
);
console.log(
  `segments chosen by qrcode: ${sample.segments.map((s: { mode: { id: string }; data: unknown }) => `${s.mode.id}(${String(s.data).length})`).join(' + ')}\n`,
);

type Variant = { name: string; run: (payload: string) => unknown | Promise<unknown> };
const variants: Variant[] = [
  {
    name: 'dynamicQrPayload (VietQR TLV + CRC)',
    run: (p) => dynamicQrPayload(merchant, 25_000, p.slice(-10), 'CAO BANG'),
  },
  { name: 'renderSvg as in src/qr/render.ts', run: (p) => renderSvg(p) },
  { name: 'QRCode.create only (matrix, best mask)', run: (p) => QRCode.create(p, { errorCorrectionLevel: 'M' }) },
  {
    name: 'QRCode.create, fixed maskPattern',
    run: (p) => QRCode.create(p, { errorCorrectionLevel: 'M', maskPattern: 0 }),
  },
  {
    name: 'toString svg, fixed maskPattern',
    run: (p) =>
      QRCode.toString(p, {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 4,
        maskPattern: 0,
      } as QRCode.QRCodeToStringOptions),
  },
];

const figures: BenchFigure[] = [];
for (const v of variants) {
  // Warm up, then count calls in the window.
  const warmUntil = performance.now() + 300;
  let i = 0;
  while (performance.now() < warmUntil) await v.run(payloads[i++ % payloads.length]);
  // CPU time of this process, not the wall clock: on a busy machine the wall clock mostly counts waiting for a core.
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    await v.run(payloads[n % payloads.length]);
    n++;
  }
  const cpu = process.cpuUsage(cpu0);
  const us = (cpu.user + cpu.system) / n;
  console.log(
    `${v.name.padEnd(46)} ${fmt(us, 0).padStart(6)} µs CPU/call  ${fmtInt(1e6 / us).padStart(8)} /s per core`,
  );
  if (v.run === variants[1].run)
    figures.push({
      figure: `QR render in process: ${v.name}`,
      target: '— (context)',
      measured: `${fmt(us, 0)} µs CPU`,
      met: null,
    });
}
printResults(figures);
