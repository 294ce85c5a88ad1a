// Issue 10, decision 0023: a rate limit on the whole API, in memory, per process. One client (a
// script in a loop, a token that leaked, a flood from one address) must not take the server from
// everyone else; the limits are generous enough that the bench and a team of agents behind one
// address never meet them. Login throttling (failed sign-ins, in the database) is separate and
// much stricter.
import { RetryLater } from './errors.ts';
import { API_PREFIX, type App } from './http.ts';

/**
 * Counts hits per key in fixed windows of `windowMs` shared by all keys: at most `limit` hits per
 * key in a window; the window's counts are dropped when it ends, so the memory held is one entry
 * per key seen in the current window. A client may send up to twice the limit across a window's
 * edge, which a limit meant to stop floods, not to meter, can afford.
 */
export class FixedWindowLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private roll(): number {
    const now = this.now();
    if (now >= this.windowStart + this.windowMs) {
      this.windowStart = now - ((now - this.windowStart) % this.windowMs);
      this.counts.clear();
    }
    return now;
  }

  /** Seconds until the current window ends (at least 1): the `Retry-After` of a refusal. */
  private retryAfter(now: number): number {
    return Math.max(1, Math.ceil((this.windowStart + this.windowMs - now) / 1000));
  }

  /** Counts one hit for `key`: null when allowed, else the seconds to wait. */
  hit(key: string): number | null {
    const now = this.roll();
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count > this.limit ? this.retryAfter(now) : null;
  }

  /** Like `hit` without counting: null while `key` is under its limit, else the seconds to wait. */
  check(key: string): number | null {
    const now = this.roll();
    return (this.counts.get(key) ?? 0) >= this.limit ? this.retryAfter(now) : null;
  }
}

export interface RateLimits {
  windowSeconds: number;
  /** Requests per signed-in user in a window; 0: no limit. */
  perUser: number;
  /** Requests per client address without a signed-in user in a window; 0: no limit. */
  perAddress: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    rateCounted: boolean;
  }
  interface FastifyContextConfig {
    /** `false`: the route is never rate limited (the health probes). */
    rateLimit?: false;
  }
}

const refusal = (seconds: number) => new RetryLater('RATE_LIMITED', `Too many requests; try again in ${seconds} seconds`, seconds);

/**
 * Limits the API's requests: each counts once, against its user when the caller is signed in, else
 * against its client address (`request.ip`, which follows X-Forwarded-For only with
 * DESKBILL_TRUST_PROXY). Over the limit: 429 RATE_LIMITED with `Retry-After`, before the body is
 * read. Requests refused before their caller was known (401, 403) count against the address, and
 * an address over its limit is refused before its credentials are looked up: guessing tokens or
 * cookies is limited too. Register before the auth hook.
 */
export function registerRateLimit(app: App, limits: RateLimits): void {
  const windowMs = limits.windowSeconds * 1000;
  const users = limits.perUser > 0 ? new FixedWindowLimiter(limits.perUser, windowMs) : null;
  const addresses = limits.perAddress > 0 ? new FixedWindowLimiter(limits.perAddress, windowMs) : null;
  if (!users && !addresses) return;
  app.decorateRequest('rateCounted', false);
  const limiterOf = (request: { auth: { userId: number } | null; ip: string }) =>
    request.auth ? { limiter: users, key: `user:${request.auth.userId}` } : { limiter: addresses, key: `address:${request.ip}` };
  const limited = (request: { url: string; routeOptions: { config: { rateLimit?: false } } }) => request.url.startsWith(API_PREFIX) && request.routeOptions.config.rateLimit !== false;

  // Before the auth hook: an address that spent its requests is not served, whatever it sends.
  app.addHook('onRequest', (request, _reply, done) => {
    const wait = addresses && limited(request) ? addresses.check(`address:${request.ip}`) : null;
    done(wait === null ? undefined : refusal(wait));
  });
  // After every onRequest hook (the caller is known), before the body is read.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    if (!limited(request)) return done(null, payload);
    request.rateCounted = true;
    const { limiter, key } = limiterOf(request);
    const wait = limiter?.hit(key) ?? null;
    return wait === null ? done(null, payload) : done(refusal(wait));
  });
  // A request refused before preParsing (unauthenticated, forbidden, CSRF) counts too.
  app.addHook('onResponse', (request, _reply, done) => {
    if (!request.rateCounted && limited(request) && request.auth === null) addresses?.hit(`address:${request.ip}`);
    done();
  });
}
