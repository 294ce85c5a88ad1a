import type { Policy, Unit } from '../../app/types.ts';

export const policyLabels: Record<Policy, string> = { timesheets: 'Based on timesheets', prepaid: 'Prepaid', manual: 'Manual' };
export const unitNames: Record<Unit, string> = { hour: 'Hours', day: 'Days', unit: 'Units' };
