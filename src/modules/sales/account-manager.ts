// R80: who may be a sales order's account manager (the user its upsell alerts go to, R74).
import { managesAccounts } from '../../platform/access.ts';
import type { Executor } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { findUserStanding } from '../accounts/index.ts';

/**
 * Refuses (422 ACCOUNT_MANAGER_INVALID on `accountManagerId`) a user who cannot manage an order:
 * unknown, inactive, a portal user, or a staff role that does not open orders (an agent). The user
 * is held until the transaction ends, so they cannot be deactivated between this check and the write.
 */
export async function checkAccountManager(tx: Executor, userId: string): Promise<number> {
  const user = await findUserStanding(tx, Number(userId), true);
  const reason = !user ? 'No such user'
    : user.role === 'customer' ? 'A customer portal user cannot manage orders'
    : !user.active ? 'This user is inactive'
    : !managesAccounts(user.role) ? `An ${user.role} does not open sales orders; choose an admin, a manager or an accountant`
    : null;
  if (reason) throw new AppError('ACCOUNT_MANAGER_INVALID', `This user cannot be the order's account manager: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`, [{ path: 'accountManagerId', message: reason }]);
  return Number(userId);
}
