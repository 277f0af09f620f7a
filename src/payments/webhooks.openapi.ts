import { CASSO_SIGNATURE_HEADER } from './providers/casso.js';
import { SANDBOX_SIGNATURE_HEADER, SANDBOX_TOLERANCE_SECONDS } from './providers/sandbox.js';
import { SEPAY_SIGNATURE_HEADER, SEPAY_TIMESTAMP_HEADER, SEPAY_TOLERANCE_SECONDS } from './providers/sepay.js';

import { cassoBody, int, nullable, payosBody, sandboxBody, sepayBody, str } from './webhook-bodies.openapi.js';
/**
 * The OpenAPI description of `POST /webhooks/{provider}`. The route itself carries no schema on purpose: a body schema
 * would make Fastify validate (and could reshape) the JSON the signatures are checked against, and the route must see
 * the exact bytes. So the document is written here, once, and added to /docs by the docs plugin.
 */
const header = (name: string, description: string, example?: string) => ({
  name,
  in: 'header',
  required: false,
  description,
  schema: { type: 'string' },
  ...(example ? { example } : {}),
});

const result = {
  type: 'object',
  properties: {
    providerTxId: str("The dedupe key: the provider's transaction id as the signature covers it"),
    paymentId: str(),
    outcome: { type: 'string', enum: ['matched', 'unmatched', 'overpaid', 'underpaid', 'late', 'duplicate'] },
    saleId: nullable(str()),
    repeated: {
      type: 'boolean',
      description: 'True when this notification had been recorded before: nothing new happened',
    },
  },
  required: ['providerTxId', 'paymentId', 'outcome', 'saleId', 'repeated'],
};
const rejected = {
  type: 'array',
  description:
    'Casso batch lines that could not be read (kept as failed notifications for review); present only when some were',
  items: { type: 'object', properties: { index: int(), field: str(), message: str() }, required: ['index', 'message'] },
};
const ack = (title: string, flag: 'ok' | 'success') => ({
  title,
  type: 'object',
  properties: {
    [flag]: { type: 'boolean', enum: [true] },
    results: { type: 'array', items: result },
    ...(flag === 'success' ? { rejected } : {}),
  },
  required: [flag, 'results'],
});
const error = (codes: string[], description: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: { code: { type: 'string', enum: codes }, message: str(), details: { type: 'object' } },
            required: ['code', 'message'],
          },
        },
        required: ['error'],
      },
    },
  },
});

export function webhookOpenApiPaths(): Record<string, unknown> {
  return {
    '/webhooks/{provider}': {
      post: {
        tags: ['webhooks'],
        summary: 'A bank credit notice from an aggregator (payOS, Casso, SePay) or the sandbox bank',
        description: [
          'Verified over the exact bytes received, then each credit is stored and matched in one transaction; the answer is',
          'sent only after that commit (a 500 makes the provider retry). A provider without its secret answers 404.',
          'One notification, one credit: a repeated delivery answers with the first outcome and `repeated: true`.',
          '',
          `- **sandbox**: \`X-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>\`, ±${SANDBOX_TOLERANCE_SECONDS} s. Ack \`{"ok": true, …}\`.`,
          `- **sepay**: with SEPAY_WEBHOOK_SECRET (recommended), \`X-SePay-Signature: sha256=<hex HMAC-SHA256(secret, t + "." + raw body)>\` and \`X-SePay-Timestamp: t\` (unix s, ±${SEPAY_TOLERANCE_SECONDS} s); otherwise \`Authorization: Apikey <SEPAY_API_KEY>\`. Ack \`{"success": true, …}\`.`,
          '- **payos**: no header; `signature` in the body over `data`. Ack `{"success": true, …}` (payOS needs any 2xx).',
          '- **casso**: `X-Casso-Signature: t=<unix ms>,v1=<hex HMAC-SHA512(secret, t + "." + sorted JSON of the body)>`, no age limit. Ack `{"success": true, …}`.',
        ].join('\n'),
        security: [],
        parameters: [
          {
            name: 'provider',
            in: 'path',
            required: true,
            schema: { type: 'string', enum: ['payos', 'casso', 'sepay', 'sandbox'] },
          },
          header(
            SANDBOX_SIGNATURE_HEADER,
            'sandbox: `t=<unix seconds>,v1=<hex>` (one v1 per live secret during a rotation)',
            't=1764900000,v1=5d41…',
          ),
          header(
            SEPAY_SIGNATURE_HEADER,
            'sepay, HMAC mode: `sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>`',
            'sha256=9f86…',
          ),
          header(SEPAY_TIMESTAMP_HEADER, 'sepay, HMAC mode: Unix seconds, signed with the body', '1764900000'),
          header(
            'Authorization',
            'sepay, API-key mode (only when SEPAY_WEBHOOK_SECRET is unset): `Apikey <key>`',
            'Apikey your-sepay-api-key',
          ),
          header(
            CASSO_SIGNATURE_HEADER,
            'casso: `t=<unix milliseconds>,v1=<hex HMAC-SHA512>`',
            't=1764900000000,v1=ed0a…',
          ),
        ],
        requestBody: {
          required: true,
          description: "The provider's own JSON, as it sends it (application/json, at most 256 KiB)",
          content: { 'application/json': { schema: { oneOf: [payosBody, cassoBody, sepayBody, sandboxBody] } } },
        },
        responses: {
          200: {
            description:
              'Recorded (or recorded before). The body is the acknowledgement each provider expects, with the outcome of each credit',
            content: {
              'application/json': { schema: { oneOf: [ack('payos, casso, sepay', 'success'), ack('sandbox', 'ok')] } },
            },
          },
          400: error(
            ['invalid_json', 'invalid_payload'],
            'Signed but unreadable: kept as a failed notification for review, not credited',
          ),
          401: error(
            ['invalid_signature'],
            'Missing, malformed, wrong or stale signature (`details.reason`); logged, nothing recorded',
          ),
          404: error(['provider_not_enabled'], 'No such provider, or its secret is not configured'),
          500: error(['internal_error'], 'Not recorded; the provider retries'),
        },
      },
    },
  };
}
