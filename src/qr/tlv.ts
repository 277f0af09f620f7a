/**
 * EMVCo TLV: a two-digit id, a two-digit length, then exactly that many characters of value.
 * The parser is strict on purpose: a payload we cannot parse exactly is a payload we must not
 * pay against, so there is no "best effort" recovery.
 */

export interface TlvField {
  id: string;
  value: string;
}

/** Why a TLV string failed to parse; callers map these to their own error codes. */
export type TlvErrorKind = 'truncated_header' | 'bad_id' | 'bad_length' | 'overrun';

export class TlvError extends Error {
  readonly kind: TlvErrorKind;
  /** Character offset (within the parsed string) where the bad field starts. */
  readonly offset: number;
  constructor(kind: TlvErrorKind, offset: number, message: string) {
    super(message);
    this.name = 'TlvError';
    this.kind = kind;
    this.offset = offset;
  }
}

const TWO_DIGITS = /^[0-9]{2}$/;

/** One TLV field. Lengths are counted in characters, so callers must keep values ASCII. */
export function encodeTlv(id: string, value: string): string {
  if (!TWO_DIGITS.test(id)) throw new RangeError(`TLV id must be two digits, got ${JSON.stringify(id)}`);
  if (value.length > 99)
    throw new RangeError(`TLV value for id ${id} is ${value.length} characters; the maximum is 99`);
  return id + String(value.length).padStart(2, '0') + value;
}

/** Splits `input` into fields, in order, throwing TlvError unless it is an exact sequence of TLVs. */
export function parseTlv(input: string): TlvField[] {
  const fields: TlvField[] = [];
  let pos = 0;
  while (pos < input.length) {
    if (pos + 4 > input.length) {
      throw new TlvError('truncated_header', pos, `field at offset ${pos} has no complete id and length`);
    }
    const id = input.slice(pos, pos + 2);
    const lengthText = input.slice(pos + 2, pos + 4);
    if (!TWO_DIGITS.test(id))
      throw new TlvError('bad_id', pos, `id at offset ${pos} is not two digits: ${JSON.stringify(id)}`);
    if (!TWO_DIGITS.test(lengthText)) {
      throw new TlvError(
        'bad_length',
        pos,
        `length of field ${id} at offset ${pos} is not two digits: ${JSON.stringify(lengthText)}`,
      );
    }
    const length = Number(lengthText);
    const start = pos + 4;
    if (start + length > input.length) {
      throw new TlvError(
        'overrun',
        pos,
        `field ${id} at offset ${pos} says length ${length} but only ${input.length - start} characters remain`,
      );
    }
    fields.push({ id, value: input.slice(start, start + length) });
    pos = start + length;
  }
  return fields;
}
