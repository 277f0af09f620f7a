/**
 * Builds migrations/data/admin-units-2025-07-01.json, the official provinces and wards/communes in force since
 * 1 July 2025, from a downloaded copy of the VietnamProvinces library's data file (names and codes as published by the
 * national statistics office, Cục Thống kê, in its "danh mục đơn vị hành chính"). See docs/admin-units.md.
 *
 *   curl -o nested-divisions.json \
 *     https://raw.githubusercontent.com/sunshine-tech/VietnamProvinces/809e91baefbe3153ccaecc9b2286303a98b9119b/vietnam_provinces/data/nested-divisions.json
 *   node --import tsx scripts/admin-units-import.ts nested-divisions.json
 *
 * Run by hand when the official list changes (then in a new migration with a new file: the old one is frozen with the
 * migration that loaded it). Tests never run it; they check the file it wrote.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface SourceWard {
  name: string;
  code: number;
  division_type: string;
}
interface SourceProvince {
  name: string;
  code: number;
  division_type: string;
  wards: SourceWard[];
}

const PROVINCE_KINDS: Record<string, string> = { 'thành phố trung ương': 'city', tỉnh: 'province' };
const WARD_KINDS: Record<string, { kind: string; prefix: string }> = {
  phường: { kind: 'ward', prefix: 'Phường' },
  xã: { kind: 'commune', prefix: 'Xã' },
  'đặc khu': { kind: 'special_zone', prefix: 'Đặc khu' },
};

const tidy = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

/** The name after its kind's prefix, written with the prefix in its usual case ("xã Bắc Sơn" → "Xã Bắc Sơn"). */
function withPrefix(name: string, prefix: string): string {
  const clean = tidy(name);
  const head = clean.slice(0, prefix.length);
  if (head.toLowerCase() !== prefix.toLowerCase()) throw new Error(`"${clean}" does not start with ${prefix}`);
  return prefix + clean.slice(prefix.length);
}

const file = process.argv[2];
if (!file) throw new Error('usage: scripts/admin-units-import.ts <nested-divisions.json>');
const source = JSON.parse(readFileSync(file, 'utf8')) as SourceProvince[];

const provinces = source.map((p) => {
  const name = tidy(p.name);
  const shortName = name.replace(/^(Tỉnh|Thành phố) /, '');
  const kind = PROVINCE_KINDS[p.division_type];
  if (!kind) throw new Error(`unknown province kind ${p.division_type}`);
  return { code: String(p.code).padStart(2, '0'), name, shortName, kind, asciiName: ascii(shortName) };
});
const wards = source.flatMap((p) =>
  p.wards.map((w) => {
    const k = WARD_KINDS[w.division_type];
    if (!k) throw new Error(`unknown ward kind ${w.division_type}`);
    return {
      code: String(w.code).padStart(5, '0'),
      name: withPrefix(w.name, k.prefix),
      kind: k.kind,
      province: String(p.code).padStart(2, '0'),
    };
  }),
);
if (provinces.length !== 34 || wards.length !== 3321)
  throw new Error(`expected 34 provinces and 3,321 wards, got ${provinces.length} and ${wards.length}`);

// One record per line, so a change of the official list reads as a small diff.
const lines = [
  '{',
  ' "source": "Cục Thống kê (National Statistics Office), danh mục đơn vị hành chính, as mirrored by the VietnamProvinces library (sunshine-tech/VietnamProvinces, commit 809e91b, 2026-02-21)",',
  ' "validFrom": "2025-07-01",',
  ' "provinces": [',
  provinces.map((p) => '  ' + JSON.stringify(p)).join(',\n'),
  ' ],',
  ' "wards": [',
  wards.map((w) => '  ' + JSON.stringify(w)).join(',\n'),
  ' ]',
  '}',
  '',
];
writeFileSync(new URL('../migrations/data/admin-units-2025-07-01.json', import.meta.url), lines.join('\n'));
console.log(`wrote ${provinces.length} provinces and ${wards.length} wards`);
