import { findWard, matchProvince, matchWard, wardProblem } from '../admin-units/index.js';
import type { Db } from '../db/index.js';
import { AppError, badRequest } from '../http/index.js';
import { allTeams, teamOfStaff } from '../teams/index.js';
import type { NewActivation } from './activations.repository.js';
import type { ImportReport } from './activations.schemas.js';
import { recordActivations } from './activations.service.js';
import { csvItems } from './csv-records.js';
import { hashPhone, maskPhone, normalisePhone } from './phone.js';
import { PROVIDERS, resolveProvider } from './providers.js';
import { activationTimeProblem, parseVietnamTime } from './vietnam-time.js';

export const MAX_IMPORT_LINES = 50_000;
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
export const MAX_REJECTED_LISTED = 1_000;
/** Rows per transaction: big enough to be fast, small enough that one batch never holds locks for long. */
export const IMPORT_BATCH = 500;

type Column = 'provider' | 'phone' | 'ward' | 'province' | 'team' | 'activated_at';
const REQUIRED: Column[] = ['provider', 'phone', 'ward'];

// Header names after folding (lower case, no diacritics, `_` between words). English first, then Vietnamese.
const headerAliases: Record<Column, string[]> = {
  provider: ['provider', 'nha_cung_cap', 'vi', 'vi_dien_tu'],
  phone: ['phone', 'phone_number', 'so_dien_thoai', 'sdt', 'dien_thoai', 'so_thue_bao'],
  ward: ['ward', 'commune', 'ward_commune', 'phuong_xa', 'xa_phuong', 'phuong', 'xa'],
  province: ['province', 'province_code', 'tinh', 'tinh_thanh', 'tinh_thanh_pho', 'ma_tinh'],
  team: ['team', 'team_id', 'team_name', 'to', 'doi', 'to_cong_nghe_so'],
  activated_at: ['activated_at', 'activation_time', 'time', 'thoi_gian', 'ngay_kich_hoat', 'thoi_gian_kich_hoat'],
};

export const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

const placeText = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

function columnsOf(header: string[]): Map<Column, number> {
  const columns = new Map<Column, number>();
  header.forEach((name, index) => {
    const folded = fold(name);
    for (const [column, aliases] of Object.entries(headerAliases) as [Column, string[]][]) {
      if (aliases.includes(folded) && !columns.has(column)) columns.set(column, index);
    }
  });
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (missing.length) {
    throw badRequest(
      'csv_missing_columns',
      `The header row must name the columns ${REQUIRED.join(', ')} (and optionally team, activated_at)`,
      {
        missing,
      },
    );
  }
  return columns;
}

interface ImportContext {
  staffId: string;
  piiKey: string;
  now?: Date;
  /** Tests lower it; callers leave it at MAX_IMPORT_LINES. */
  maxLines?: number;
}

/**
 * Imports activations from a CSV byte stream: each line is checked on its own, valid lines are written in batches
 * (see recordActivations), and the report says what became of every line. Importing a file again creates nothing.
 */
export async function importActivations(
  db: Db,
  source: AsyncIterable<Buffer | string>,
  ctx: ImportContext,
): Promise<ImportReport> {
  const now = ctx.now ?? new Date();
  const maxLines = ctx.maxLines ?? MAX_IMPORT_LINES;
  const teams = await allTeams(db);
  const teamsByKey = new Map<string, (typeof teams)[number]>();
  for (const t of teams) {
    teamsByKey.set(t.id.toLowerCase(), t);
    teamsByKey.set(placeText(t.name).toLowerCase(), t);
  }
  const ownTeam = (await teamOfStaff(db, ctx.staffId)) ?? null;

  const report: ImportReport = { totalLines: 0, created: 0, duplicates: 0, rejectedCount: 0, rejected: [] };
  const reject = (line: number, reason: string) => {
    report.rejectedCount++;
    if (report.rejected.length < MAX_REJECTED_LISTED) report.rejected.push({ line, reason });
  };

  let batch = new Map<string, NewActivation>(); // keyed by provider + phone hash: repeats in a batch are duplicates
  const flush = async () => {
    if (batch.size === 0) return;
    const rows = [...batch.values()];
    batch = new Map();
    const created = await recordActivations(db, rows);
    report.created += created.length;
    report.duplicates += rows.length - created.length;
    // Let timers, sockets and other requests run between batches, however fast the body arrives.
    await new Promise((resolve) => setImmediate(resolve));
  };

  let columns: Map<Column, number> | undefined;
  let headerWidth = 0;
  for await (const item of csvItems(source, MAX_IMPORT_BYTES)) {
    if (!columns) {
      if ('malformed' in item) throw badRequest('csv_bad_header', `The header row cannot be read: ${item.malformed}`);
      columns = columnsOf(item.fields);
      headerWidth = item.fields.length;
      continue;
    }
    if ('fields' in item && item.fields.every((f) => f.trim() === '')) continue; // a line of empty cells
    if (++report.totalLines > maxLines) {
      await flush();
      throw new AppError(
        413,
        'too_many_lines',
        `An import file may hold at most ${maxLines} lines; split it (importing again is safe)`,
        {
          processedLines: maxLines,
          created: report.created,
          duplicates: report.duplicates,
          rejectedCount: report.rejectedCount,
        },
      );
    }
    if ('malformed' in item) {
      reject(item.line, item.malformed);
      continue;
    }
    const checked = checkLine(item.fields, columns, {
      teamsByKey,
      ownTeam,
      now,
      piiKey: ctx.piiKey,
      staffId: ctx.staffId,
      headerWidth,
    });
    if (typeof checked === 'string') {
      reject(item.line, checked);
      continue;
    }
    const key = `${checked.provider} ${checked.phone_hash}`;
    if (batch.has(key)) report.duplicates++;
    else batch.set(key, checked);
    if (batch.size >= IMPORT_BATCH) await flush();
  }
  if (!columns) throw badRequest('csv_empty', 'The file is empty: it needs a header row and at least one line');
  await flush();
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

type LineTeam = { id: string; ward_code: string | null };

interface LineContext {
  teamsByKey: Map<string, LineTeam>;
  ownTeam: LineTeam | null;
  now: Date;
  piiKey: string;
  staffId: string;
  headerWidth: number;
}

const providerList = PROVIDERS.map((p) => p.code).join(', ');
const NOT_TEXT = 'the line holds a NUL character (byte 0x00) or invalid Unicode: save the file as "CSV UTF-8"';

/** The activation a line describes, or why it cannot be one. Reasons never quote the cells (a phone may sit anywhere). */
function checkLine(fields: string[], columns: Map<Column, number>, ctx: LineContext): NewActivation | string {
  const cell = (c: Column) => {
    const i = columns.get(c);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  if (fields.some((f) => f.includes('\uFFFD'))) return 'not UTF-8 text: save the file as "CSV UTF-8"';
  // Postgres cannot store NUL, and a lone surrogate is not text: refused here, per line, as JSON routes refuse them
  // (input-guard), instead of failing the write of a whole batch.
  if (fields.some((f) => f.includes('\u0000') || !f.isWellFormed())) return NOT_TEXT;
  if (fields.slice(ctx.headerWidth).some((f) => f.trim() !== '')) {
    return `the line has ${fields.length} fields, the header ${ctx.headerWidth} (does a value hold an unquoted comma or semicolon?)`;
  }

  const providerText = cell('provider');
  if (!providerText) return 'provider is empty';
  const provider = resolveProvider(providerText);
  if (!provider) return `unknown provider (use ${providerList})`;

  const phone = normalisePhone(cell('phone'));
  if (!phone.ok) return phone.reason;

  let team: LineTeam | null = ctx.ownTeam;
  const teamText = placeText(cell('team'));
  if (teamText) {
    const found = ctx.teamsByKey.get(teamText.toLowerCase());
    if (!found) return 'unknown team (give the name or id of an existing team)';
    team = found;
  }

  // The ward named on the line, looked up first in the team's province; else the team's own ward.
  const wardText = placeText(cell('ward'));
  if (wardText.length > 80) return 'ward is longer than 80 characters';
  const teamWard = team?.ward_code ? findWard(team.ward_code) : null;
  const provinceText = cell('province');
  const province = provinceText ? matchProvince(provinceText) : null;
  if (provinceText && !province) return 'unknown province (give its two-digit code, e.g. 04)';
  const ward = !wardText
    ? teamWard
    : province
      ? matchWard(wardText, province.code)
      : (matchWard(wardText, teamWard?.province) ?? matchWard(wardText));
  if (!ward) return wardText ? wardProblem(wardText, province?.code) : 'ward is empty';

  let activatedAt = ctx.now;
  const timeText = cell('activated_at');
  if (timeText) {
    const parsed = parseVietnamTime(timeText);
    if (!parsed) return 'activated_at is not a time (use ISO 8601, or YYYY-MM-DD HH:mm in Vietnam time)';
    const problem = activationTimeProblem(parsed, ctx.now);
    if (problem) return problem;
    activatedAt = parsed;
  }

  return {
    provider,
    phone_hash: hashPhone(ctx.piiKey, phone.phone),
    phone_masked: maskPhone(phone.phone),
    ward: ward.name,
    ward_code: ward.code,
    team_id: team?.id ?? null,
    recorded_by: ctx.staffId,
    source: 'import',
    activated_at: activatedAt,
  };
}
