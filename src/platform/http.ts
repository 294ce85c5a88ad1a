import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type RawServerDefault } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import fastJson from 'fast-json-stringify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, fromDatabaseError, invalid, isDatabaseUnavailable, RetryLater, type ErrorDetail } from './errors.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { runInRequestContext } from './request-context.ts';

import type { Access, Role } from './access.ts';

export type { Access, Role } from './access.ts';

/** The system acting outside any request (demo seeding, the CLI): sees everything, audited as nobody. */
export const SYSTEM_ACTOR: AuthContext = { userId: 0, role: 'admin', customerId: null, via: 'token', sessionIdHash: null, csrfToken: null };

/** Who is calling, resolved once per request by the accounts module. */
export interface AuthContext {
  userId: number;
  role: Role;
  customerId: number | null;
  via: 'session' | 'token';
  sessionIdHash: string | null;
  csrfToken: string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyInstance {
    /** Every API route with its declared policy, as registered (the access matrix test reads it). */
    apiRoutes: readonly ApiRoute[];
  }
}

/** An API route as the router holds it. */
export interface ApiRoute {
  method: string;
  url: string;
  access: Access;
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export const API_PREFIX = '/api/v1';

function validationDetails(error: unknown): ErrorDetail[] {
  const issues = (error as { validation?: Array<{ instancePath?: string; message?: string; params?: { issue?: { path?: unknown[] } } }> }).validation ?? [];
  return issues.map((issue) => {
    const path = issue.params?.issue?.path?.join('.') ?? issue.instancePath?.replace(/^\//, '').replaceAll('/', '.') ?? '';
    return { path, message: issue.message ?? 'Invalid value' };
  });
}

/** Renders any error as the API's error shape; unknown errors are logged and shown generically. */
function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const details = validationDetails(error).map((d) => ({ ...d, path: d.path || context }));
    return new AppError('VALIDATION_FAILED', `The ${context} is not valid`, details);
  }
  const fromDb = fromDatabaseError(error);
  if (fromDb) return fromDb;
  const e = error as { statusCode?: number; code?: string; message?: string };
  if (e.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send JSON (Content-Type: application/json)');
  if (e.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${BODY_LIMIT / 1024 / 1024} MiB`);
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', e.message ?? 'Bad request');
  }
  return new AppError('INTERNAL', 'Something went wrong on our side; the error was logged');
}

/** The largest request body accepted: 1 MiB (a larger one is 413 PAYLOAD_TOO_LARGE, unread). */
export const BODY_LIMIT = 1024 * 1024;

/** The `charset` parameter of a Content-Type header, lower-cased and unquoted, or null without one. */
export function charsetOf(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType ?? '');
  return match ? match[2]!.toLowerCase() : null;
}

/**
 * The errors Fastify meets before routing, answered by its `frameworkErrors` option rather than the
 * error handler: a malformed percent-encoding in the path (FST_ERR_BAD_URL) and a path parameter
 * over 100 characters (FST_ERR_MAX_PARAM_LENGTH, a 414 of Fastify's own shape). Both are a path
 * the API cannot read, so a 400 like any invalid id; the message never repeats the URL, which may
 * carry a one-time link's secret.
 */
function frameworkError(error: { code?: string }): AppError {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return invalid('path', 'A path parameter is too long');
  if (error.code === 'FST_ERR_BAD_URL') return invalid('path', 'The path is not valid: malformed percent-encoding');
  return toAppError(error);
}

/** A URL with the secrets of one-time links (`/invitations/<token>`, `/invite/<token>`, `/reset-password/<token>`) masked. */
export function withoutSecrets(url: string): string {
  return url.replace(/\/(invitations|invite|reset-password)\/[^/?#]+/g, '/$1/[secret]');
}

export interface HttpOptions {
  logLevel: string;
  /** Where log lines go (standard output when absent); tests read them. */
  logStream?: { write(line: string): void } | undefined;
  /** Behind a reverse proxy: protocol and client address follow X-Forwarded-Proto/-For. */
  trustProxy?: boolean;
  /** Seconds to receive a whole request, its headers, and idle keep-alive seconds (0: no limit). */
  timeouts?: { requestSeconds: number; headersSeconds: number; keepAliveSeconds: number };
}

/**
 * Writes each route's responses with fast-json-stringify, compiled once from the JSON Schema of
 * the route's zod response schema: only the declared fields leave the server, as with zod, at a
 * fraction of the cost of re-validating every answer with zod (120 ms for an invoice of 10,000
 * entries; issue 9). Requests are still validated by zod.
 */
function serializerCompiler({ schema }: { schema: unknown }): (data: unknown) => string {
  return fastJson(nullableAsTypes(z.toJSONSchema(schema as z.ZodType, { target: 'draft-7', io: 'output', unrepresentable: 'any' })) as Parameters<typeof fastJson>[0]);
}

type JsonSchemaNode = { [key: string]: unknown };
const isNode = (value: unknown): value is JsonSchemaNode => typeof value === 'object' && value !== null;

/**
 * zod writes a nullable object or array as `anyOf: [schema, {type: 'null'}]`. fast-json-stringify
 * picks an `anyOf` branch by validating the value with Ajv at run time: a schema compiled at the
 * first answer (~50 ms for an invoice) and a 500 when the object carries a field its schema does
 * not declare (`additionalProperties: false`), where a non-null object simply leaves it out. As
 * `type: [type, 'null']` the branch is a `typeof` test. Other unions stay as they are.
 */
export function nullableAsTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableAsTypes);
  if (!isNode(schema)) return schema;
  const node: JsonSchemaNode = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, nullableAsTypes(value)]));
  const branches = node.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) return node;
  const nullAt = branches.findIndex((b) => isNode(b) && b.type === 'null' && Object.keys(b).length === 1);
  const other: unknown = branches[1 - nullAt];
  if (nullAt < 0 || !isNode(other) || typeof other.type !== 'string') return node;
  const { anyOf: _, ...rest } = node;
  return { ...rest, ...other, type: [other.type, 'null'] };
}

/**
 * Node's server timeouts: `requestTimeout` and `headersTimeout` bound the time a client takes to
 * *send* its request (a slow drip of headers or body is cut with 408), not the time the handler
 * takes; Node checks them every `connectionsCheckingInterval` (30 s by default, a quarter of the
 * headers timeout here). `keepAliveTimeout` is how long an idle connection stays open.
 */
function serverTimeouts(timeouts: HttpOptions['timeouts']) {
  if (!timeouts) return {};
  const requestMs = timeouts.requestSeconds * 1000;
  const headersMs = timeouts.headersSeconds * 1000;
  const checkEvery = Math.min(5000, Math.max(250, Math.floor((headersMs || requestMs || 20_000) / 4)));
  return {
    requestTimeout: requestMs,
    keepAliveTimeout: timeouts.keepAliveSeconds * 1000,
    http: { requestTimeout: requestMs, headersTimeout: headersMs, connectionsCheckingInterval: checkEvery },
  };
}

/** The one error answer: `{error: {code, message, details?}, requestId}`, for the error handler and Fastify's framework errors. */
function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error);
  if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
  // Security log: every refused sign-in and access, with who (when known), where and from where.
  if (appError.status === 401 || appError.status === 403 || appError.status === 429) {
    request.log.warn({ code: appError.code, route: `${request.method} ${request.routeOptions.url ?? withoutSecrets(request.url)}`, userId: request.auth?.userId ?? null, ip: request.ip }, 'access refused');
  }
  if (appError instanceof RetryLater) void reply.header('retry-after', String(appError.retryAfterSeconds));
  const body: Record<string, unknown> = { code: appError.code, message: appError.message };
  if (appError.details?.length) body.details = appError.details;
  return reply.status(appError.status).send({ error: body, requestId: request.id });
}

/** Builds the Fastify instance: zod validation, OpenAPI, cookies, one error handler. */
export async function createHttp(options: HttpOptions): Promise<App> {
  const app = Fastify({
    logger: options.logLevel === 'silent' ? false : {
      level: options.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      // One-time links carry their secret in the path: never write it to a log.
      serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: withoutSecrets(req.url) }) },
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: options.trustProxy ?? false,
    ...serverTimeouts(options.timeouts),
    // A request that arrives during a graceful shutdown is served (with Connection: close), not refused: lifecycle.ts.
    return503OnClosing: false,
    frameworkErrors: (error, request, reply) => sendError(frameworkError(error), request, reply),
  }).withTypeProvider<ZodTypeProvider>();
  // An empty body with a JSON content type (curl -X POST -H 'Content-Type: application/json') is
  // "no body", not an error; everything else goes through Fastify's poisoning-safe JSON parser.
  // A body is UTF-8 JSON (RFC 8259) holding an object: another charset is 415, `null`, a number or
  // an array is 400 (without this, `null` on a PATCH became `{}` and answered 200 changing nothing).
  // Other content types have no parser: 415 (Fastify's text/plain parser is removed).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const charset = charsetOf(request.headers['content-type']);
    if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
      return done(new AppError('UNSUPPORTED_MEDIA_TYPE', `Send JSON in UTF-8 (Content-Type: application/json), not ${charset}`), undefined);
    }
    const text = body.toString();
    if (text.trim() === '') return done(null, undefined);
    return parseJson(request, text, (error, parsed: unknown) => {
      if (error) return done(new AppError('VALIDATION_FAILED', 'The body is not valid JSON'), undefined);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return done(invalid('body', 'The body must be a JSON object'), undefined);
      }
      return done(null, parsed);
    });
  });
  // A POST/PATCH without a body is an empty object: `POST /invoices/1/post` needs no `{}`, and a
  // route with required fields names each missing one instead of "expected object".
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body === undefined && request.method !== 'GET' && request.method !== 'DELETE' && request.method !== 'HEAD') request.body = {};
    done();
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('auth', null);
  // First hook of every request: the context the acting user is recorded in (audit trail).
  app.addHook('onRequest', (_request, _reply, done) => runInRequestContext(done));
  // The database is restarting or out of reach (503 DATABASE_UNAVAILABLE, errors.ts): nothing was
  // done; a warning in the log, and the client is told when to retry (with its Idempotency-Key).
  app.addHook('onError', (request, _reply, error, done) => {
    if (isDatabaseUnavailable(error)) request.log.warn({ err: error }, 'database unavailable');
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.statusCode === 503) void reply.header('retry-after', '1');
    done(null, payload);
  });

  const apiRoutes: ApiRoute[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(API_PREFIX) || route.method === 'HEAD') return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access policy`);
    for (const method of [route.method].flat()) apiRoutes.push({ method: String(method), url: route.url, access });
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  registerSecurityHeaders(app);

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Deskbill API',
        version: '1.0.0',
        description: 'Helpdesk that bills support time. Quantities and money are decimal strings; durations are integer minutes.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'deskbill_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` }, requestId: request.id }),
  );
  return app;
}
