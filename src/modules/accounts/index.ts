export { acceptAccountLink, getOpenLink } from './accept-account-link.ts';
export { getCompanySettings, updateCompanySettings, type CompanyChangeGuard, type CompanySettings, type CompanySettingsPatch } from './company.ts';
export { getCompanyLogo, LOGO_MAX_BYTES, removeCompanyLogo, setCompanyLogo } from './company-logo.ts';
export { issueAccountLink, type LinkKind } from './issue-account-link.ts';
export { login } from './login.ts';
export { PASSWORD_MAX, PASSWORD_MIN } from './passwords.ts';
export { createApiToken, deleteSession, resolveApiToken, resolveSession, type SessionLimits } from './sessions.ts';
export { assertActiveStaff, createUser, setTeamMembers, findUserForLogin, getUser, listUsers, updateUser } from './users.ts';
export { userTeams } from './tables.ts';
