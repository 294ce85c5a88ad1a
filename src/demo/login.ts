/** The demo's admin sign-in, printed by `npm start` after seeding (every demo user has this password). */
export const DEMO_LOGIN = { email: 'demo@deskbill.test', password: 'deskbill-demo' } as const;

/** The demo's customer-portal user. */
export const DEMO_PORTAL_EMAIL = 'portal@deskbill.test';
