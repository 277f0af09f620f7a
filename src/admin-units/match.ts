import { allWards, findProvince, findWard, listProvinces, type Province, type Ward } from './units.js';

/**
 * Folds a place name for comparison: NFC, no diacritics (đ → d), lower case, one space between words, straight
 * apostrophes ("Ea H’Leo" and "Ea H'Leo" are one name). "Hoà" and "Hòa" fold alike, so the two ways of placing the
 * tone mark that official texts both use do not matter.
 */
export function foldName(input: string): string {
  return input
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

// The unit prefixes people write before a ward's name, folded, and the official prefix each stands for. "Thị trấn"
// (town) no longer exists since July 2025, but old records and habits still write it: it is dropped, never matched.
const PREFIXES: [RegExp, string | null][] = [
  [/^phuong\s+(.+)$/, 'phuong'],
  [/^p\.\s*(.+)$/, 'phuong'],
  [/^xa\s+(.+)$/, 'xa'],
  [/^x\.\s*(.+)$/, 'xa'],
  [/^dac khu\s+(.+)$/, 'dac khu'],
  [/^thi tran\s+(.+)$/, null],
  [/^tt\.\s*(.+)$/, null],
];

function splitPrefix(folded: string): { prefix: string | null; rest: string } | null {
  for (const [pattern, prefix] of PREFIXES) {
    const m = pattern.exec(folded);
    if (m) return { prefix, rest: m[1].trim() };
  }
  return null;
}

const add = (index: Map<string, Ward[]>, key: string, ward: Ward) => index.set(key, [...(index.get(key) ?? []), ward]);
const byFull = new Map<string, Ward[]>(); // "phuong thuc phan"
const byBare = new Map<string, Ward[]>(); // "thuc phan"
for (const ward of allWards()) {
  const full = foldName(ward.name);
  add(byFull, full, ward);
  add(byBare, splitPrefix(full)?.rest ?? full, ward);
}

/**
 * The ward an input names, or null. Accepts the five-digit code, or the name with or without its prefix ("Phường",
 * "Xã", "Thị trấn", "Đặc khu", "P.", "X.", "TT."), in any case, with or without diacritics. Within `provinceCode` when
 * given, else nationwide. Null when nothing matches exactly or when more than one ward does (ambiguous).
 */
export function matchWard(input: string, provinceCode?: string): Ward | null {
  const raw = input.normalize('NFC').trim();
  if (/^[0-9]{5}$/.test(raw)) {
    const ward = findWard(raw);
    return ward && (!provinceCode || ward.province === provinceCode) ? ward : null;
  }
  const folded = foldName(raw);
  if (!folded) return null;
  const split = splitPrefix(folded);
  const tries: [Map<string, Ward[]>, string][] = [];
  if (split?.prefix) tries.push([byFull, `${split.prefix} ${split.rest}`]); // the exact kind first: "Xã Hòa An"
  tries.push([byBare, folded]); // a name that starts like a prefix: "Xà Phiên" folds to "xa phien"
  if (split) tries.push([byBare, split.rest]); // the prefix ignored
  for (const [index, key] of tries) {
    const found = (index.get(key) ?? []).filter((w) => !provinceCode || w.province === provinceCode);
    if (found.length === 1) return found[0];
    if (found.length > 1) return null;
  }
  return null;
}

const PROVINCE_PREFIX = /^(?:tinh|thanh pho|tp\.?)\s*/;
const provinceByName = new Map(listProvinces().map((p) => [foldName(p.shortName), p]));
provinceByName.set('hcm', findProvince('79')!);

/** The province an input names: its two-digit code, or its name with or without "Tỉnh", "Thành phố", "TP". */
export function matchProvince(input: string): Province | null {
  const raw = input.normalize('NFC').trim();
  if (/^[0-9]{2}$/.test(raw)) return findProvince(raw);
  const folded = foldName(raw);
  return provinceByName.get(folded) ?? provinceByName.get(folded.replace(PROVINCE_PREFIX, '')) ?? null;
}
