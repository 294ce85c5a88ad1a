import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every response (decision 0014). The built web app loads only its
 * own script and stylesheet files; React sets styles through the DOM, which CSP does not restrict,
 * so no 'unsafe-inline' is needed. `data:` images cover inline SVG/PNG in the stylesheet.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const ALWAYS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
} as const;

/** A year, subdomains included; sent only over HTTPS (browsers ignore it over HTTP, RFC 6797 §8.1). */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Adds the security headers to every response: API answers, errors, 404s, the web app and its
 * files. Strict-Transport-Security only when the request came over HTTPS (`request.protocol`
 * follows X-Forwarded-Proto when the proxy is trusted), so a plain-HTTP install keeps working.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  // Callback hooks, not async ones: no promise per response.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(ALWAYS);
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    done(null, payload);
  });
}
