import { Badge } from '../../ui/ui.tsx';
import type { InvoiceSummary } from '../../app/types.ts';

export const StateBadge = ({ state }: { state: InvoiceSummary['state'] }) => <Badge tone={state === 'posted' ? 'green' : 'amber'}>{state === 'posted' ? 'Posted' : 'Draft'}</Badge>;
