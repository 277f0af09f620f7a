import { readFileSync } from 'node:fs';

/** A province-level unit: a province (tỉnh) or a centrally governed city (thành phố trực thuộc trung ương). */
export interface Province {
  /** The official two-digit code: "04" (Cao Bằng), "96" (Cà Mau). */
  code: string;
  /** The official name with its kind: "Tỉnh Cao Bằng". */
  name: string;
  /** Without the kind: "Cao Bằng". */
  shortName: string;
  kind: 'city' | 'province';
  /** The short name without diacritics: "Cao Bang". */
  asciiName: string;
}

/** A commune-level unit: ward (phường), commune (xã) or special zone (đặc khu). */
export interface Ward {
  /** The official five-digit code: "01273" (Phường Thục Phán). */
  code: string;
  /** The official name with its kind: "Phường Thục Phán". */
  name: string;
  kind: 'ward' | 'commune' | 'special_zone';
  /** The code of its province. */
  province: string;
}

// The same file migration 0019 loaded into admin_provinces and admin_wards, so memory and the tables agree. It only
// changes with a new migration, so reading it once at start is enough (and lookups cost no database round trip).
const data = JSON.parse(
  readFileSync(new URL('../../migrations/data/admin-units-2025-07-01.json', import.meta.url), 'utf8'),
) as { source: string; validFrom: string; provinces: Province[]; wards: Ward[] };

export const adminUnitsSource = { source: data.source, validFrom: data.validFrom };

const provinces: readonly Province[] = data.provinces;
const wards: readonly Ward[] = data.wards;
const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
const wardByCode = new Map(wards.map((w) => [w.code, w]));
const wardsByProvince = new Map<string, Ward[]>(provinces.map((p) => [p.code, []]));
for (const w of wards) wardsByProvince.get(w.province)!.push(w);

/** The 34 provinces, in the official order (by code). */
export const listProvinces = (): readonly Province[] => provinces;

export const findProvince = (code: string): Province | null => provinceByCode.get(code) ?? null;

/** A province's wards in the official order; an empty list for an unknown code. */
export const listWards = (provinceCode: string): readonly Ward[] => wardsByProvince.get(provinceCode) ?? [];

/** Every ward of the country (3,321), for the matcher's indexes. */
export const allWards = (): readonly Ward[] => wards;

export const findWard = (code: string): Ward | null => wardByCode.get(code) ?? null;

// Field 60 of the VietQR payload (merchant city) is ASCII and at most 15 characters (EMVCo). Every short name of the
// 2025 list fits once its diacritics are gone (the longest, "HO CHI MINH", has 11), so the rule is just: the ASCII short
// name in upper case. A name that did not fit would be cut at the last whole word within 15 characters.
const QR_CITY_MAX = 15;

/** The QR merchant city of a province: "CAO BANG", "CA MAU", "HO CHI MINH"; null for an unknown code. */
export function provinceQrCity(code: string): string | null {
  const province = provinceByCode.get(code);
  if (!province) return null;
  const city = province.asciiName.toUpperCase().replace(/[^A-Z0-9 ]/g, '');
  if (city.length <= QR_CITY_MAX) return city;
  const cut = city.slice(0, QR_CITY_MAX + 1).lastIndexOf(' ');
  return city.slice(0, cut > 0 ? cut : QR_CITY_MAX);
}
