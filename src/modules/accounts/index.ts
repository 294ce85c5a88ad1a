export { registerAuthHook, caller } from './auth-hook.ts';
export { registerAccountRoutes } from './routes.ts';
export { getCompanySettings, updateCompanySettings, type CompanySettings, type CompanySettingsPatch } from './company.ts';
export { createUser, findUser, findUserForLogin } from './users.ts';
export { createApiToken } from './sessions.ts';
export { users, userTeams } from './tables.ts';
