import type { InvariantReport } from './invariants.js';

const n = (x: number) => x.toLocaleString('en-US');

/** The report as an operator reads it: one line per check (OK/FAIL, what it counted), each violation below. */
export function formatReport(report: InvariantReport, where: string, maxPerCheck = 100): string {
  const width = Math.max(...report.results.map((r) => r.name.length));
  const lines = [`Invariant check of ${where}`];
  for (const r of report.results) {
    const status = r.violations.length ? 'FAIL' : 'OK  ';
    const tail = r.violations.length
      ? `, ${n(r.violations.length)} violation${r.violations.length === 1 ? '' : 's'}`
      : '';
    lines.push(`  ${status}  ${r.name.padEnd(width)}  ${n(r.checked)} ${r.unit}${tail}  (${Math.round(r.ms)} ms)`);
    for (const v of r.violations.slice(0, maxPerCheck)) lines.push(`          - ${v.message}`);
    if (r.violations.length > maxPerCheck)
      lines.push(`          … and ${n(r.violations.length - maxPerCheck)} more (--max to list them)`);
  }
  const failed = report.results.filter((r) => r.violations.length);
  if (report.failedNotifications)
    lines.push(
      `  note: ${n(report.failedNotifications)} notification(s) stored as failed: waiting for the provider's retry, or (provider_tx_id "rejected:…", signed but unreadable) for review`,
    );
  lines.push(
    failed.length
      ? `${report.results.length} checks: ${report.results.length - failed.length} OK, ${failed.length} FAIL (${failed.map((r) => r.name).join(', ')}): ${n(report.violations.length)} violations`
      : `${report.results.length} checks: all OK`,
  );
  return lines.join('\n');
}
