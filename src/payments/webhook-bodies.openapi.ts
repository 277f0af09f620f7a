// The request bodies of each provider's notification, as OpenAPI schemas for /docs (see webhooks.openapi.ts).

export type Schema = Record<string, unknown>;

export const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) });
export const int = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) });
export const nullable = (schema: Schema): Schema => ({ ...schema, nullable: true });
const object = (
  title: string,
  description: string,
  properties: Record<string, Schema>,
  required: string[],
): Schema => ({
  title,
  description,
  type: 'object',
  properties,
  required,
});

const vietnamTime = str(
  'Naive Vietnam time, "2024-07-25 14:02:37" (read as +07:00); an ISO 8601 offset is accepted too',
);

export const sandboxBody = object(
  'sandbox',
  'Our bank simulator (trial only). Signed: the raw bytes.',
  {
    id: str('Transaction id (the dedupe key)'),
    bin: str('Receiving bank BIN, 6 digits'),
    accountNumber: str(),
    amount: int('VND, > 0'),
    description: str('Transfer memo'),
    payerBank: nullable(str()),
    payerName: nullable(str()),
    occurredAt: vietnamTime,
  },
  ['id', 'bin', 'accountNumber', 'amount', 'description', 'occurredAt'],
);

export const sepayBody = object(
  'sepay',
  'SePay, one transaction per call. Signed (HMAC mode): the raw bytes; API-key mode signs nothing.',
  {
    id: int('SePay transaction id (the dedupe key)'),
    gateway: str('Receiving bank'),
    transactionDate: vietnamTime,
    accountNumber: str(),
    code: nullable(str()),
    content: str('Transfer memo'),
    transferType: {
      type: 'string',
      enum: ['in', 'out'],
      description: 'Read case-insensitively; "out" is acknowledged and ignored',
    },
    transferAmount: int('VND'),
    accumulated: int(),
    subAccount: nullable(str()),
    referenceCode: nullable(str()),
    description: str(),
  },
  ['id', 'transactionDate', 'accountNumber', 'transferType', 'transferAmount'],
);

const payosData = object(
  'payos data',
  'The signed part: every key sorted, `k=v` joined by "&", as @payos/node signs it',
  {
    orderCode: int(),
    amount: int('VND, > 0'),
    description: str('Transfer memo'),
    accountNumber: str(),
    reference: str('Bank reference (the dedupe key)'),
    transactionDateTime: vietnamTime,
    currency: str(),
    paymentLinkId: str(),
    code: str('"00" = paid'),
    desc: str(),
    counterAccountBankId: nullable(str()),
    counterAccountBankName: nullable(str()),
    counterAccountName: nullable(str()),
    counterAccountNumber: nullable(str()),
    virtualAccountName: nullable(str()),
    virtualAccountNumber: nullable(str()),
  },
  ['amount', 'description', 'accountNumber', 'transactionDateTime', 'code'],
);

export const payosBody = object(
  'payos',
  'payOS. The signature travels in the body and covers `data` only; code / success beside it decide nothing.',
  {
    code: str(),
    desc: str(),
    success: { type: 'boolean' },
    data: payosData,
    signature: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
      description: 'Lower-case hex HMAC-SHA256(checksum key, signed text of data); upper case is refused',
    },
  },
  ['data', 'signature'],
);

const cassoLine = object(
  'casso transaction',
  'One bank transaction. A malformed line is set aside (kept for review); the others are credited.',
  {
    id: int('Casso transaction id (the dedupe key)'),
    reference: str(),
    description: str('Transfer memo'),
    amount: int('VND; negative = money out (ignored)'),
    runningBalance: int(),
    transactionDateTime: vietnamTime,
    accountNumber: str(),
    bankName: str(),
    bankAbbreviation: str(),
    virtualAccountNumber: nullable(str()),
    virtualAccountName: nullable(str()),
    counterAccountName: nullable(str()),
    counterAccountNumber: nullable(str()),
    counterAccountBankId: nullable(str()),
    counterAccountBankName: nullable(str()),
  },
  ['id', 'description', 'amount', 'transactionDateTime', 'accountNumber'],
);

export const cassoBody = object(
  'casso',
  'Casso webhook v2. Signed: the whole body as JSON with keys sorted at every depth.',
  {
    error: int('0 = a notice with transactions'),
    data: { oneOf: [cassoLine, { type: 'array', items: cassoLine }] },
  },
  ['error', 'data'],
);
