import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** The one error shape every route answers with: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const unauthorized = (code = 'unauthorized', message = 'A valid bearer token is required') =>
  new AppError(401, code, message);
export const forbidden = (message = 'This credential may not use this route') =>
  new AppError(403, 'forbidden', message);
export const notFound = (what = 'resource') => new AppError(404, 'not_found', `No such ${what}`);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);

// Fastify's own client errors, mapped to stable codes our clients can rely on.
const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_VALIDATION: 'validation_failed',
  FST_ERR_BAD_URL: 'bad_url',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
};

export function sendError(reply: FastifyReply, status: number, body: ErrorBody['error']): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: body } satisfies ErrorBody);
}

export function errorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return sendError(reply, error.statusCode, { code: error.code, message: error.message, details: error.details });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({
      field: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
      message: v.message ?? 'invalid',
    }));
    return sendError(reply, 400, { code: 'validation_failed', message: 'The request is not valid', details });
  }
  const status = (error as FastifyError).statusCode ?? 500;
  if (status < 500 && !isResponseSerializationError(error)) {
    const code = fastifyCodes[(error as FastifyError).code ?? ''] ?? 'bad_request';
    return sendError(reply, status, { code, message: error.message });
  }
  request.log.error({ err: error }, 'request failed');
  return sendError(reply, 500, { code: 'internal_error', message: 'Something went wrong on our side; it was logged' });
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendError(reply, 404, {
    code: 'route_not_found',
    message: `No route ${request.method} ${request.url.split('?')[0]}`,
  });
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
}
