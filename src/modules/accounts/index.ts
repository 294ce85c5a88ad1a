export { registerAuthHook, caller, SESSION_COOKIE } from './auth-hook.ts';
export { registerAccountRoutes } from './routes.ts';
export { userRead } from './read-schemas.ts';
export { getCompanySettings, updateCompanySettings, type CompanySettings } from './company.ts';
export { createUser, findUser, findUserForLogin, getUser, type UserRead } from './users.ts';
export { createApiToken, createSession } from './sessions.ts';
export { users, userTeams } from './tables.ts';
