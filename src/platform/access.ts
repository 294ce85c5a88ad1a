/** Roles a user can have; `customer` is a portal user linked to a customer. */
export const ROLES = ['admin', 'manager', 'agent', 'accountant', 'customer'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ['admin', 'manager', 'agent', 'accountant'] as const satisfies readonly Role[];

/**
 * Who may call a route: `public` (no sign-in) or the roles allowed. Every API route names one of
 * the policies below in `config.access`; a route without one makes the server refuse to start.
 * This table is the one place where "which role may call what" is decided (deny by default).
 * Which *objects* a role sees (an agent's teams, a customer's commercial entity) is decided by
 * the scope functions of the modules, which every read and write goes through.
 */
export const policy = {
  public: 'public',
  /** Any signed-in user, portal users included (sign out, who am I). */
  signedIn: ROLES,
  /** Any staff user: reference data the screens need (teams, customers, products, company). */
  staff: STAFF_ROLES,
  /** Teams, stages, projects, products, customers: set up by managers. */
  setup: ['admin', 'manager'],
  /** Tickets and timesheets, read: accountants read them too; agents see their teams' only. */
  helpdeskRead: STAFF_ROLES,
  /** Tickets and time, write: agents on their teams' tickets and their own time. */
  helpdeskWrite: ['admin', 'manager', 'agent'],
  /** Sales orders, read. Agents see an order only through their ticket's sales order item. */
  ordersRead: ['admin', 'manager', 'accountant'],
  /** Sales orders, write. */
  ordersWrite: ['admin', 'manager'],
  /** R76/R77: an order's billing by agent and work type, which moves un-invoiced time between its lines. */
  orderRoutesWrite: ['admin', 'manager', 'accountant'],
  /** Invoices and credit notes, read (managers follow what their orders billed). */
  invoicesRead: ['admin', 'manager', 'accountant'],
  /** Invoicing: create from orders, post, delete drafts, reverse, credit. */
  invoicesWrite: ['admin', 'accountant'],
  /** Audit trail, read. */
  audit: ['admin', 'manager'],
  /** Users, invitations, company settings and numbering. */
  admin: ['admin'],
  /** The customer portal. */
  portal: ['customer'],
} as const satisfies Record<string, 'public' | readonly Role[]>;

export type Access = (typeof policy)[keyof typeof policy];

/** True when a caller with this role may call a route with this policy. */
export function roleAllowed(access: Access, role: Role): boolean {
  return access === 'public' || (access as readonly Role[]).includes(role);
}

/** Roles that see every ticket and timesheet (an agent sees only those of their teams). */
export function seesAllTickets(role: Role): boolean {
  return role === 'admin' || role === 'manager' || role === 'accountant';
}

/** Roles that may log or change time for another agent. */
export function logsForOthers(role: Role): boolean {
  return role === 'admin' || role === 'manager';
}

/**
 * R80: roles that may be a sales order's account manager (and get its upsell alerts, R74): those
 * that open orders. An agent sees an order only through a ticket's line, a portal user never.
 * Migration 0030's alert recipients name the same roles.
 */
export function managesAccounts(role: Role): boolean {
  return roleAllowed(policy.ordersRead, role);
}

/** Roles that see costs and prices (hourly costs of users, prices on sales order items). */
export function seesCosts(role: Role): boolean {
  return role === 'admin' || role === 'manager' || role === 'accountant';
}
