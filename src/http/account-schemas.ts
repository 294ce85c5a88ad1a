import { z } from 'zod';
import { ROLES } from '../platform/access.ts';

export const role = z.enum(ROLES);

export const userRead = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role,
  /** Null for roles that do not see costs (agents, portal users). */
  hourlyCost: z.string().nullable(),
  teamIds: z.array(z.string()),
  customerId: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
});

/** The answer of sign-in, accepting a link and `GET /auth/me`. */
export const me = z.object({ user: userRead, csrfToken: z.string().nullable() });
