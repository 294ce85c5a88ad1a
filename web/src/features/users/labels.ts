import type { Role } from '../../app/types.ts';

/** Roles as the screens name them. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  manager: 'Manager',
  agent: 'Agent',
  accountant: 'Accountant',
  customer: 'Customer (portal)',
};
