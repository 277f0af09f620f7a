import t from 'tap';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { pngCacheSize, renderPng, renderSvg } from '../../src/qr/render.js';
import { encodeVietQr } from '../../src/qr/vietqr.js';

// jsqr is CommonJS whose typings declare `export default`; under NodeNext the default import is
// module.exports, and the function is its `.default` property (present at runtime too).
const jsQR = jsqr.default;

const payloads = [
  encodeVietQr({ bin: '970436', account: '1234567890' }),
  encodeVietQr({
    bin: '970422',
    account: '0123456789',
    amount: 500_000_000,
    mcc: '5812',
    name: 'Com Tam Ba Nam',
    city: 'Ho Chi Minh',
    bill: 'B' + '1'.repeat(24),
    store: 'S' + '2'.repeat(24),
    reference: 'CS7K2M9Q',
    purpose: 'CS7K2M9Q thanh toan',
  }),
];

function readQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

t.test('PNG round trip: the image scans back to the same payload', async (t) => {
  for (const payload of payloads) {
    const png = await renderPng(payload);
    t.ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'PNG signature');
    const { width } = PNG.sync.read(png);
    t.ok(width >= 400 && width <= 560, `about 480 px wide (got ${width})`);
    t.equal(readQr(png), payload);
  }
});

t.test('SVG is an svg document', async (t) => {
  const svg = await renderSvg(payloads[0]);
  t.ok(svg.startsWith('<svg'), svg.slice(0, 40));
  t.match(svg, /<\/svg>\s*$/);
});

t.test('PNG cache returns the same Buffer for the same payload', async (t) => {
  const first = await renderPng(payloads[0]);
  const second = await renderPng(payloads[0]);
  t.equal(first, second, 'same object');
  const [a, b] = await Promise.all([renderPng('concurrent'), renderPng('concurrent')]);
  t.equal(a, b, 'concurrent calls share one render');
  t.not(await renderPng(payloads[1]), first, 'different payload, different image');
});

t.test('PNG cache is bounded at 500 entries', async (t) => {
  for (let i = 0; i < 520; i++) await renderPng(`bounded-${i}`);
  t.equal(pngCacheSize(), 500);
});

t.test('a failed render is not cached', async (t) => {
  const first = renderPng('');
  await t.rejects(first);
  const second = renderPng('');
  t.not(second, first, 'the next call renders again');
  await t.rejects(second);
});
