/** One error type for the whole app: a code from the table below, a message, optional details. */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOTIFICATION_HANDLED: 409,
  OVERAGE_NOT_ALLOWED: 409,
  OVERAGE_INVOICED: 409,
  TICKET_CLOSED: 409,
  TIMESHEET_INVOICED: 409,
  TIMESHEET_CELL_ONLY_GROWS: 409,
  NOTHING_TO_INVOICE: 409,
  NOTHING_TO_CREDIT: 409,
  INVOICE_POSTED: 409,
  ORDER_NOT_CONFIRMED: 409,
  ORDER_NOT_DRAFT: 409,
  ORDER_HAS_INVOICES: 409,
  ORDER_CANCELLED: 409,
  LINE_HAS_DELIVERIES: 409,
  LINE_HAS_ROUTES: 409,
  INVOICE_NOT_POSTED: 409,
  EMAIL_TAKEN: 409,
  TIMESHEETS_DISABLED: 409,
  TIMER_ALREADY_RUNNING: 409,
  TIMER_WRONG_STATE: 409,
  NO_TIMER: 404,
  ENTRY_ALREADY_CREDITED: 409,
  INVOICE_DATE_BEFORE_LAST: 409,
  USER_INACTIVE: 409,
  PASSWORD_ALREADY_SET: 409,
  IDEMPOTENCY_KEY_IN_PROGRESS: 409,
  SALE_LINE_NOT_ALLOWED: 422,
  WORK_TYPE_NOT_ALLOWED: 422,
  AGENT_NOT_ALLOWED: 422,
  ACCOUNT_MANAGER_INVALID: 422,
  ENTRY_NOT_ON_INVOICE: 422,
  RULE_VIOLATION: 422,
  REFERENCE_NOT_FOUND: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  NO_BILLING_EMAIL: 422,
  EINVOICE_INCOMPLETE: 422,
  OVERPAYMENT: 422,
  CREDIT_NOTE_NOT_PAYABLE: 422,
  TAX_RATE_NOT_IN_CATEGORY: 422,
  CUSTOMER_VAT_ID_MISSING: 422,
  NO_TAX_FOR_POSITION: 422,
  WEBHOOK_URL_REFUSED: 400,
  WEBHOOK_ENDPOINT_DISABLED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LOGO_TOO_LARGE: 413,
  LOGO_NOT_PNG_OR_JPEG: 415,
  TOO_MANY_ATTEMPTS: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_READY: 503,
  STATEMENT_TIMEOUT: 503,
  DATABASE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** A refusal that says when to try again (429, 503): the error handler sends it as `Retry-After`. */
export class RetryLater extends AppError {
  constructor(code: ErrorCode, message: string, readonly retryAfterSeconds: number) {
    super(code, message);
  }
}

/** Shorthand for the most common refusal: the object does not exist (or may not be seen). */
export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`);
}

/** A 400 naming one field, for checks a schema cannot express. */
export function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ path, message }]);
}

/**
 * A foreign-key refusal (23503) of one of the named constraints as a 400 naming the field, for a
 * module that must not read the referenced table itself: `namedReference(error, {
 * users_customer_id_fkey: ['customerId', 'No such customer'] })`. Any other error is returned as is.
 */
export function namedReference(error: unknown, fields: Record<string, readonly [path: string, message: string]>): unknown {
  const source = [error, (error as { cause?: unknown } | null)?.cause].find((e): e is PgLikeError => (e as PgLikeError | null)?.code === '23503');
  const field = source?.constraint === undefined ? undefined : fields[source.constraint];
  return field ? invalid(field[0], field[1]) : error;
}

interface PgLikeError {
  code?: string;
  hint?: string;
  message?: string;
  constraint?: string;
}

/** SQLSTATEs and socket errors that mean "the database cannot be reached right now" (it restarts, a connection was cut). */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '25P03']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/**
 * True when `error` says the PostgreSQL server is out of reach, not that the request is wrong:
 * shutting down or starting up (57P01-57P03), too many connections (53300), a session ended for
 * idling in its transaction (25P03), a connection exception (class 08), a refused or cut socket,
 * node-postgres's "Connection terminated", or no pooled connection free in time. The request did
 * nothing (its transaction died with the connection) and may be retried: 503 with Retry-After.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | null, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_STATES.has(code) || code.startsWith('08') || UNAVAILABLE_SOCKET_CODES.has(code)) return true;
    if (typeof e.message === 'string' && /^Connection terminated|^Client has encountered a connection error|^timeout exceeded when trying to connect/.test(e.message)) return true;
  }
  return false;
}

/**
 * Maps a PostgreSQL error that escaped the use cases to an AppError, so that whatever the
 * database refuses answers a 4xx and never a 500 (the database is the last guard, not the first).
 */
export function fromDatabaseError(error: unknown): AppError | null {
  const pg = error as PgLikeError | null;
  const code = pg?.code ?? (pg as { cause?: PgLikeError } | null)?.cause?.code;
  const source = pg?.code ? pg : (pg as { cause?: PgLikeError } | null)?.cause;
  if (isDatabaseUnavailable(error)) return new AppError('DATABASE_UNAVAILABLE', 'The database cannot be reached right now; retry in a moment');
  if (!code || !source) return null;
  if (code === 'P0001' && source.hint && source.hint in errorStatus) {
    return new AppError(source.hint as ErrorCode, source.message ?? source.hint);
  }
  if (code === '40P01' || code === '40001') return new AppError('CONFLICT', 'Someone changed the same records at the same moment; try again');
  if (code === '23505') return new AppError('CONFLICT', 'This record already exists');
  if (code === '23503') return new AppError('REFERENCE_NOT_FOUND', 'A referenced record does not exist or is still in use');
  if (code === '23514' || code === '23502') return new AppError('RULE_VIOLATION', 'The change breaks a rule of the data');
  // statement_timeout (or an operator's pg_cancel_backend) cancelled the query: the database is
  // busy, not the input wrong; nothing was committed, so the client may retry.
  if (code === '57014') return new AppError('STATEMENT_TIMEOUT', 'The database took too long to answer; nothing was changed, try again');
  if (code.startsWith('22')) return new AppError('VALIDATION_FAILED', 'A value is out of range or malformed');
  return null;
}
