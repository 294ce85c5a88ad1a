import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { imageTypeOf, type ImageType } from '../../core/image-type.ts';
import { inTransaction, type Executor, type Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { companyLogos, companyLogoVersions } from './tables.ts';

/** The largest logo accepted, in bytes (the database checks it too). */
export const LOGO_MAX_BYTES = 512 * 1024;

export interface LogoImage {
  mediaType: ImageType;
  content: Buffer;
}

export interface CompanyLogo extends LogoImage {
  /** The version (decision 0043): what a document posted now records. */
  versionId: number;
  /** When the company last set its logo. */
  updatedAt: Date;
}

/** R72: the company's logo, or null when it has none. */
export async function getCompanyLogo(db: Executor): Promise<CompanyLogo | null> {
  const [row] = await db
    .select({ versionId: companyLogos.versionId, updatedAt: companyLogos.updatedAt, mediaType: companyLogoVersions.mediaType, content: companyLogoVersions.content })
    .from(companyLogos).innerJoin(companyLogoVersions, eq(companyLogoVersions.id, companyLogos.versionId))
    .where(eq(companyLogos.id, 1));
  return row ?? null;
}

/** R43/R72: a logo version by its id (the one a posted document was posted with), or null when there is none such. */
export async function getLogoVersion(db: Executor, versionId: number): Promise<LogoImage | null> {
  const [row] = await db.select({ mediaType: companyLogoVersions.mediaType, content: companyLogoVersions.content })
    .from(companyLogoVersions).where(eq(companyLogoVersions.id, versionId));
  return row ?? null;
}

/**
 * R43/R72: the version of the company's current logo (null: none), for a document being posted in
 * `tx`. FOR SHARE: a change or removal of the logo waits until the posting commits, so the version
 * it leaves is seen referred to and kept (migration 0029), and never deleted under the posting.
 */
export async function currentLogoVersionForPosting(tx: Tx): Promise<number | null> {
  const [row] = await tx.select({ versionId: companyLogos.versionId }).from(companyLogos).where(eq(companyLogos.id, 1)).for('share');
  return row?.versionId ?? null;
}

/**
 * R72: sets the company's logo from the bytes of a PNG or JPEG file, recognised by its magic bytes
 * whatever the file is called or claims to be; anything else (413 LOGO_TOO_LARGE, 415
 * LOGO_NOT_PNG_OR_JPEG) is refused and the logo stays as it was. Decision 0043: the bytes are a new
 * version, or the version already holding the same bytes; the version left behind goes unless a
 * posted document refers to it (the database does that).
 */
export async function setCompanyLogo(db: Executor, content: Buffer): Promise<{ mediaType: ImageType; size: number; updatedAt: string }> {
  if (content.length > LOGO_MAX_BYTES) throw new AppError('LOGO_TOO_LARGE', `A logo may have at most ${LOGO_MAX_BYTES / 1024} KB; this one has ${Math.ceil(content.length / 1024)} KB`);
  const mediaType = imageTypeOf(content);
  if (!mediaType) throw new AppError('LOGO_NOT_PNG_OR_JPEG', 'The logo must be a PNG or JPEG image (the file\'s content is neither)');
  return inTransaction(db, async (tx) => {
    // One change of the logo at a time: the version found below cannot be left (and deleted) by another before we point at it.
    await tx.select({ id: companyLogos.id }).from(companyLogos).where(eq(companyLogos.id, 1)).for('update');
    const sha256 = createHash('sha256').update(content).digest();
    const [inserted] = await tx.insert(companyLogoVersions).values({ mediaType, content })
      .onConflictDoNothing({ target: companyLogoVersions.sha256 }).returning({ id: companyLogoVersions.id });
    const versionId = inserted?.id
      ?? (await tx.select({ id: companyLogoVersions.id }).from(companyLogoVersions).where(eq(companyLogoVersions.sha256, sha256)))[0]!.id;
    const [row] = await tx.insert(companyLogos).values({ id: 1, versionId })
      .onConflictDoUpdate({ target: companyLogos.id, set: { versionId, updatedAt: sql`now()` } })
      .returning({ updatedAt: companyLogos.updatedAt });
    return { mediaType, size: content.length, updatedAt: row!.updatedAt.toISOString() };
  });
}

/** R72: removes the company's logo; removing none is not an error. Documents posted with it keep it (decision 0043). */
export async function removeCompanyLogo(db: Executor): Promise<void> {
  await db.delete(companyLogos).where(eq(companyLogos.id, 1));
}
