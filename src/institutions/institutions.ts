import { readFileSync } from 'node:fs';

/** A bank or mobile-money wallet that can receive VietQR transfers, by its NAPAS BIN. */
export interface Institution {
  bin: string;
  code: string;
  shortName: string;
  name: string;
  kind: 'bank' | 'wallet';
}

// The NAPAS participant list as published in the vietnam-qr-pay package's constants (v1.5.1), plus the telco wallets.
const data = JSON.parse(readFileSync(new URL('./institutions.json', import.meta.url), 'utf8')) as {
  institutions: Institution[];
};

export const institutions: readonly Institution[] = data.institutions;

// Some BINs are listed twice after bank renamings (e.g. LienVietPostBank → LPBank): the later entry is current.
const byBin = new Map(institutions.map((i) => [i.bin, i]));
const byCode = new Map(institutions.map((i) => [i.code.toUpperCase(), i]));

export const institutionByBin = (bin: string): Institution | undefined => byBin.get(bin);

/** Finds a payer's institution by BIN, code or short name ("VCB", "Vietcombank", "970436"). */
export function findInstitution(nameOrBin: string): Institution | undefined {
  const key = nameOrBin.trim();
  return (
    byBin.get(key) ??
    byCode.get(key.toUpperCase()) ??
    institutions.find((i) => i.shortName.toLowerCase() === key.toLowerCase())
  );
}
