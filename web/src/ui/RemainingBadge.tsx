import { displayQuantity } from './format.ts';
import { Badge } from './ui.tsx';

/** R73: what remains of a prepaid block, in its unit: green while time is left, amber at 0, red once over. */
export function RemainingBadge({ remaining, unit }: { remaining: string; unit: 'hour' | 'day' | 'unit' }) {
  const over = remaining.startsWith('-');
  const empty = /^[0.]+$/.test(remaining);
  const text = over ? `${displayQuantity(remaining.slice(1), unit)} over` : `${displayQuantity(remaining, unit)} left`;
  return <span title="Prepaid block: ordered − delivered"><Badge tone={over ? 'red' : empty ? 'amber' : 'green'}>{text}</Badge></span>;
}
