import type { Policy, Unit } from '../../app/types.ts';

export const policyLabels: Record<Policy, string> = { timesheets: 'Based on timesheets', prepaid: 'Prepaid', manual: 'Manual' };
export const unitNames: Record<Unit, string> = { hour: 'Hours', day: 'Days', unit: 'Units' };

/** "21.0000" → "21%". */
export const percentLabel = (rate: string) => `${rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate}%`;
