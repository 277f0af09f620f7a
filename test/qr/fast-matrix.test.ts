import t from 'tap';
import jsqr from 'jsqr';
import QRCode from 'qrcode';
import { qrModules } from '../../src/qr/qr-matrix.js';
import { renderSvg } from '../../src/qr/render.js';
import { svgDocument } from '../../src/qr/svg-path.js';
import { encodeVietQr } from '../../src/qr/vietqr.js';

const jsQR = jsqr.default;

// A fixed pseudo-random sequence, so a failure can be replayed.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = (chars: string, n: number) =>
  Array.from({ length: n }, () => chars[Math.floor(random() * chars.length)]).join('');

const DIGITS = '0123456789';
const ALNUM = DIGITS + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const ASCII = ALNUM + 'abcdefghijklmnopqrstuvwxyz!"#&\'()<=>?@[\\]^_`{|}~,;';
const texts: string[] = [
  encodeVietQr({ bin: '970436', account: '1234567890' }),
  encodeVietQr({
    bin: '970422',
    account: '0123456789',
    amount: 123_000,
    mcc: '5812',
    name: 'QUAY THU 42',
    reference: 'CS7K3M9QXA',
  }),
  'A',
  '0',
];
for (let n = 1; n <= 200; n += 7) {
  texts.push(pick(DIGITS, n), pick(ALNUM, n), pick(ASCII, Math.min(n, 150)));
  // Mixed runs, where the best split is not obvious.
  texts.push(Array.from({ length: 4 }, (_, i) => pick([DIGITS, ALNUM, ASCII][i % 3], Math.ceil(n / 4))).join(''));
}

/** Module-by-module and byte-for-byte the same as `qrcode` given the same segments, version and mask. */
t.test('same modules and SVG as qrcode for the same segments', async (t) => {
  let checked = 0;
  for (const text of texts) {
    const qr = qrModules(text);
    if (!qr) continue; // above version 10: render.ts hands these to qrcode
    const options = { version: qr.version, errorCorrectionLevel: 'M', maskPattern: 0 } as const;
    const segments = qr.segments as QRCode.QRCodeSegment[]; // the same shape; qrcode types each mode separately
    const reference = QRCode.create(segments, options);
    t.equal(
      Buffer.compare(Buffer.from(qr.modules), Buffer.from(reference.modules.data)),
      0,
      `modules of ${JSON.stringify(text)}`,
    );
    const svg = await QRCode.toString(segments, { ...options, type: 'svg', margin: 4 });
    t.equal(svgDocument(qr.modules, qr.size, 4), svg, 'SVG');
    checked++;
  }
  t.ok(checked > 80, `${checked} texts checked`);
});

t.test('the smallest version that holds the text, and a scanner reads it back', async (t) => {
  for (const text of texts.slice(0, 40)) {
    const qr = qrModules(text);
    if (!qr) continue;
    // qrcode's own best split never needs a smaller version than ours.
    t.ok(qr.version <= QRCode.create(text, { errorCorrectionLevel: 'M' }).version, `version ${qr.version}`);
    const scale = 4;
    const side = (qr.size + 8) * scale;
    const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const row = Math.floor(y / scale) - 4;
        const col = Math.floor(x / scale) - 4;
        if (row >= 0 && col >= 0 && row < qr.size && col < qr.size && qr.modules[row * qr.size + col]) {
          pixels.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
        }
      }
    }
    t.equal(jsQR(pixels, side, side)?.data, text);
  }
});

t.test('renderSvg: long or non-ASCII text still renders (through qrcode)', async (t) => {
  t.equal(qrModules('9'.repeat(700)), undefined, 'above version 10');
  t.match(await renderSvg('9'.repeat(700)), /^<svg/);
  t.match(await renderSvg('Phở bò'), /^<svg/);
});
