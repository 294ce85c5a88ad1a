import { eq, sql } from 'drizzle-orm';
import { imageTypeOf, type ImageType } from '../../core/image-type.ts';
import type { Executor } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { companyLogos } from './tables.ts';

/** The largest logo accepted, in bytes (the database checks it too). */
export const LOGO_MAX_BYTES = 512 * 1024;

export interface CompanyLogo {
  mediaType: ImageType;
  content: Buffer;
  updatedAt: Date;
}

/** R72: the company's logo, or null when it has none. */
export async function getCompanyLogo(db: Executor): Promise<CompanyLogo | null> {
  const [row] = await db.select().from(companyLogos).where(eq(companyLogos.id, 1));
  return row ? { mediaType: row.mediaType, content: row.content, updatedAt: row.updatedAt } : null;
}

/**
 * R72: sets the company's logo from the bytes of a PNG or JPEG file, recognised by its magic bytes
 * whatever the file is called or claims to be; anything else (413 LOGO_TOO_LARGE, 415
 * LOGO_NOT_PNG_OR_JPEG) is refused and the logo stays as it was.
 */
export async function setCompanyLogo(db: Executor, content: Buffer): Promise<{ mediaType: ImageType; size: number; updatedAt: string }> {
  if (content.length > LOGO_MAX_BYTES) throw new AppError('LOGO_TOO_LARGE', `A logo may have at most ${LOGO_MAX_BYTES / 1024} KB; this one has ${Math.ceil(content.length / 1024)} KB`);
  const mediaType = imageTypeOf(content);
  if (!mediaType) throw new AppError('LOGO_NOT_PNG_OR_JPEG', 'The logo must be a PNG or JPEG image (the file\'s content is neither)');
  const [row] = await db.insert(companyLogos).values({ id: 1, mediaType, content })
    .onConflictDoUpdate({ target: companyLogos.id, set: { mediaType, content, updatedAt: sql`now()` } })
    .returning({ updatedAt: companyLogos.updatedAt });
  return { mediaType, size: content.length, updatedAt: row!.updatedAt.toISOString() };
}

/** R72: removes the company's logo; removing none is not an error. */
export async function removeCompanyLogo(db: Executor): Promise<void> {
  await db.delete(companyLogos).where(eq(companyLogos.id, 1));
}
