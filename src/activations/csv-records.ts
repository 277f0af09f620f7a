import { Readable, pipeline } from 'node:stream';
import { parse, type CsvError, type InfoRecord } from 'csv-parse';
import { AppError } from '../http/index.js';

/** One CSV record with the physical line it starts on (the header is line 1), or a line the parser had to skip. */
export type CsvItem = { line: number; fields: string[] } | { line: number; malformed: string };

const SNIFF_BYTES = 64 * 1024;
/** No real line is this long; it also bounds what one unclosed quote can make the parser hold. */
const MAX_RECORD_CHARS = 16 * 1024;

const malformedReasons: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED:
    'malformed CSV: a quote is opened and never closed (the rest of the file was read as one field)',
  CSV_MAX_RECORD_SIZE: 'malformed CSV: the line is too long (is a quote left open?)',
  CSV_INVALID_CLOSING_QUOTE: 'malformed CSV: a closing quote is followed by other characters',
};

/** Excel saves "CSV" with `;` where the decimal mark is a comma (Vietnamese settings): the header says which. */
export function sniffDelimiter(headerLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  for (const ch of headerLine) if (ch in counts) counts[ch as keyof typeof counts]++;
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

/**
 * Parses a CSV byte stream as it arrives, never holding more than a chunk and a record: records come out while the
 * rest of the body is still being sent, and the for-await loop of the consumer is the backpressure.
 * Fails with a 413 once more than `maxBytes` arrived.
 */
export async function* csvItems(source: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<CsvItem> {
  const input = source[Symbol.asyncIterator]();
  let received = 0;
  const next = async () => {
    const r = await input.next();
    if (r.done) return undefined;
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    received += chunk.length;
    if (received > maxBytes) {
      throw new AppError(
        413,
        'payload_too_large',
        `An import file may hold at most ${Math.floor(maxBytes / 1024 / 1024)} MB; split it`,
      );
    }
    return chunk;
  };

  // Read just enough to see the header line, to pick the delimiter.
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  for (;;) {
    const chunk = await next();
    if (!chunk) {
      ended = true;
      break;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (chunk.includes(0x0a) || headBytes >= SNIFF_BYTES) break;
  }
  const headBuffer = Buffer.concat(head);
  const firstLine = headBuffer.subarray(0, Math.min(headBuffer.length, SNIFF_BYTES)).toString('utf8').split('\n', 1)[0];

  let lastEnd = 0; // the physical line the previous record ended on
  const skipped: CsvItem[] = [];
  const recordLines: number[] = []; // the first line of each record handed on, in order (see on_record)
  const parser = parse({
    bom: true,
    delimiter: sniffDelimiter(firstLine),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    skip_records_with_error: true,
    // Runs in the parser, in order, as each record completes: the record's first line is its last line minus the
    // line breaks inside quoted fields. The record itself passes on unchanged; its line waits in `recordLines`, in
    // the same order, for the loop below (the typings allow another record shape only together with `columns`).
    on_record: (fields: string[], context: InfoRecord) => {
      const inner = fields.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
      lastEnd = context.lines;
      recordLines.push(context.lines - inner);
      return fields;
    },
    on_skip: (error: CsvError | undefined) => {
      // Never the error's message: it quotes the line, which may hold a phone number.
      skipped.push({
        line: lastEnd + 1,
        malformed: malformedReasons[error?.code ?? ''] ?? `malformed CSV (${error?.code ?? 'unknown'})`,
      });
      lastEnd =
        error && typeof (error as { lines?: number }).lines === 'number'
          ? (error as { lines?: number }).lines!
          : lastEnd + 1;
      return undefined;
    },
  });

  async function* body() {
    if (headBuffer.length) yield headBuffer;
    if (ended) return;
    for (let chunk = await next(); chunk; chunk = await next()) yield chunk;
  }
  // pipeline forwards a source failure (too large, client gone) to the parser, which ends our loop with it.
  const records = pipeline(Readable.from(body(), { objectMode: false }), parser, () => {});

  for await (const fields of records as AsyncIterable<string[]>) {
    const record = { line: recordLines.shift()!, fields };
    // The parser may run ahead of us: hand out skipped lines in file order, between the records around them.
    while (skipped.length && skipped[0].line < record.line) yield skipped.shift()!;
    yield record;
  }
  while (skipped.length) yield skipped.shift()!;
}
