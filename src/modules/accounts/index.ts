export { registerAuthHook, caller, SESSION_COOKIE } from './auth-hook.ts';
export { registerAccountRoutes, userRead } from './routes.ts';
export { getCompanySettings, updateCompanySettings, type CompanySettings } from './company.ts';
export { createUser, findUser, findUserForLogin, getUser, type UserRead } from './users.ts';
export { createApiToken, createSession } from './sessions.ts';
export { users, userTeams } from './tables.ts';
