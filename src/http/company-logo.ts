// The company's logo (R72): an image upload is raw bytes, not JSON, so these routes live in their
// own Fastify context where every content type is read as a Buffer. What the bytes are is decided
// by their magic (accounts/company-logo.ts), never by the Content-Type or a file name.
import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { policy } from '../platform/access.ts';
import { AppError } from '../platform/errors.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { errorResponses } from '../platform/schemas.ts';
import { getCompanyLogo, LOGO_MAX_BYTES, removeCompanyLogo, setCompanyLogo } from '../modules/accounts/index.ts';

const logoRead = z.object({ mediaType: z.enum(['image/png', 'image/jpeg']), size: z.number(), updatedAt: z.string() });

/** GET, PUT and DELETE /company/logo. */
export function registerCompanyLogoRoutes(app: App, db: Db): void {
  const path = `${API_PREFIX}/company/logo`;
  const tags = ['company'];

  app.get(path, {
    config: { access: policy.staff },
    schema: { tags, description: 'The logo as it was uploaded (image/png or image/jpeg); 404 when the company has none.' },
  }, async (_request, reply) => {
    const logo = await getCompanyLogo(db);
    if (!logo) throw new AppError('NOT_FOUND', 'The company has no logo');
    return reply.header('content-type', logo.mediaType).header('cache-control', 'private, no-cache').header('etag', `"${logo.updatedAt.getTime()}"`).send(logo.content);
  });

  app.delete(path, {
    config: { access: policy.admin },
    schema: { tags, description: 'Removes the logo: drafts, and documents posted from then on, are drawn without one; posted documents keep the logo they were posted with.', response: { 204: z.null(), ...errorResponses } },
  }, async (_request, reply) => {
    await removeCompanyLogo(db);
    return reply.status(204).send(null);
  });

  void app.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scoped.put(path, {
      config: { access: policy.admin },
      schema: {
        tags,
        description: `Sets the logo drawn top-left on drafts and on documents posted from then on (posted ones keep theirs): the body is the file's bytes, a PNG or JPEG of at most ${LOGO_MAX_BYTES / 1024} KB, recognised by its content whatever its Content-Type (415 LOGO_NOT_PNG_OR_JPEG, 413 LOGO_TOO_LARGE; the logo is then unchanged).`,
        response: { 200: logoRead, ...errorResponses },
      },
    }, async (request) => setCompanyLogo(db, Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)));
  });
}
