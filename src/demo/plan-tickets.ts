// Plans the demo's tickets and their time, as plain data, from a seeded generator: which customer,
// which line, how long each ticket lived, and who logged what on which day. seed-helpdesk.ts
// then writes the plan through the use cases.
import { addDays, daysBetween, isWeekend, minDate } from '../core/dates.ts';
import type { ProductKey, TeamKey } from './directory.ts';
import type { Random } from './random.ts';
import { GENERIC_STEPS, INTERNAL_TEMPLATES, NON_BILLABLE_STEPS, ONSITE_STEPS, TEMPLATES, type TicketTemplate } from './ticket-catalog.ts';

export const TICKET_COUNT = 200;
export const ENTRY_COUNT = 2000;
/** Time goes back this many days before today (today included). */
export const HISTORY_DAYS = 90;

export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type StageKey = 'new' | 'progress' | 'solved' | 'cancelled';

export interface TeamMembers {
  key: TeamKey;
  billingEnabled: boolean;
  /** [user id, how often they pick up tickets] */
  members: Array<readonly [string, number]>;
  seniors: Set<string>;
}

/** A customer's commercial entity: its company (or the lone person), contacts and the lines its tickets may use (R20). */
export interface EntityRef {
  companyId: string;
  contactIds: string[];
  weight: number;
  lines: Partial<Record<ProductKey, string>>;
}

export interface EntryPlan {
  date: string;
  userId: string;
  minutes: number;
  description: string;
  billable?: false;
  /** An explicit line pins the entry (R12). */
  pinnedLineId?: string;
}

export interface TicketPlan {
  team: TeamKey;
  template: TicketTemplate;
  customerId: string | null;
  assigneeId: string | null;
  priority: Priority;
  opened: string;
  stage: StageKey;
  lineId: string | null;
  /** Time is logged first and the ticket linked afterwards: the entries follow it (R21). */
  linkLater: boolean;
  /** How much work the ticket takes, relative to the others. */
  effort: number;
  entries: EntryPlan[];
}

const MINUTES: Array<readonly [number, number]> = [
  [15, 10], [20, 6], [25, 2], [30, 14], [40, 2], [45, 12], [60, 14], [75, 5], [90, 10], [120, 8], [150, 3], [180, 4], [240, 3],
  [7, 0.6], [13, 0.4], [35, 1], [50, 2],
];
const PRIORITIES: Array<readonly [Priority, number]> = [['low', 20], ['normal', 50], ['high', 22], ['urgent', 8]];
const TEAM_SHARE: Array<readonly [TeamKey, number]> = [['desk', 100], ['infra', 65], ['apps', 35]];
/** How many entries a worked ticket gets, before scaling to ENTRY_COUNT. */
const EFFORT: Record<Priority, number> = { low: 4, normal: 8, high: 12, urgent: 14 };
/** How many days a solved ticket stays open. */
const LIFETIME: Record<Priority, readonly [number, number]> = { low: [2, 20], normal: [1, 12], high: [1, 5], urgent: [0, 2] };

function stageFor(random: Random, age: number): StageKey {
  if (age <= 3) return random.weighted<StageKey>([['new', 55], ['progress', 40], ['solved', 5]]);
  if (age <= 14) return random.weighted<StageKey>([['new', 25], ['progress', 40], ['solved', 30], ['cancelled', 5]]);
  return random.weighted<StageKey>([['new', 3], ['progress', 12], ['solved', 79], ['cancelled', 6]]);
}

/** A day in [from, to], mostly a weekday. */
function workDay(random: Random, from: string, to: string): string {
  let day = addDays(from, random.int(0, daysBetween(from, to)));
  for (let tries = 0; tries < 4 && isWeekend(day) && random.chance(0.85); tries++) day = addDays(from, random.int(0, daysBetween(from, to)));
  return day;
}

function chooseLine(random: Random, team: TeamKey, entity: EntityRef): string | null {
  const { support, senior, prepaid } = entity.lines;
  if (team === 'infra' && senior && random.chance(0.3)) return senior;
  if (prepaid && (!support || random.chance(0.7))) return prepaid;
  return support ?? senior ?? null;
}

function planTicket(random: Random, today: string, teams: Record<TeamKey, TeamMembers>, entities: EntityRef[]): TicketPlan {
  const team = random.weighted(TEAM_SHARE);
  const opened = workDay(random, addDays(today, -(HISTORY_DAYS - 1)), today);
  const stage = stageFor(random, daysBetween(opened, today));
  const internal = team !== 'apps' && random.chance(0.05);
  const entity = internal ? null : random.weighted(entities.map((e) => [e, e.weight] as const));
  const customerId = entity ? (entity.contactIds.length && random.chance(0.7) ? random.pick(entity.contactIds) : entity.companyId) : null;
  const billing = teams[team].billingEnabled;
  const lineId = entity && billing ? chooseLine(random, team, entity) : null;
  const forgotten = lineId !== null && random.chance(0.1);
  const linkLater = forgotten && random.chance(0.5);
  const unassigned = random.chance(stage === 'new' ? 0.45 : 0.03);
  const priority = random.weighted(PRIORITIES);
  // Prepaid customers are small offices: a 10 h pack lasts them a while.
  const effort = EFFORT[priority] * (0.5 + random.next()) * (lineId !== null && lineId === entity?.lines.prepaid ? 0.2 : 1);
  return {
    team,
    template: internal ? random.pick(INTERNAL_TEMPLATES) : random.pick(TEMPLATES[team]),
    customerId,
    assigneeId: unassigned ? null : random.weighted(teams[team].members),
    priority,
    opened,
    stage,
    lineId: forgotten && !linkLater ? null : lineId,
    linkLater,
    effort,
    entries: [],
  };
}

/** Entries per ticket: a triage note at most on new and cancelled tickets, the rest spread by effort to total ENTRY_COUNT. */
function entryCounts(random: Random, plans: TicketPlan[]): number[] {
  const fixed = plans.map((p) => (p.stage === 'new' || p.stage === 'cancelled' ? (random.chance(0.5) ? 1 : 0) : null));
  const weights = plans.map((p, i) => (fixed[i] === null ? p.effort : 0));
  const budget = ENTRY_COUNT - fixed.reduce<number>((sum, n) => sum + (n ?? 0), 0);
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  const counts = plans.map((_, i) => fixed[i] ?? Math.max(1, Math.floor((weights[i]! * budget) / totalWeight)));
  const worked = plans.map((_, i) => i).filter((i) => fixed[i] === null);
  let missing = ENTRY_COUNT - counts.reduce((sum, n) => sum + n, 0);
  while (missing !== 0) {
    const i = random.pick(worked);
    if (missing < 0 && counts[i]! <= 1) continue;
    counts[i]! += Math.sign(missing);
    missing -= Math.sign(missing);
  }
  return counts;
}

function planEntry(random: Random, plan: TicketPlan, teams: Record<TeamKey, TeamMembers>, entity: EntityRef | null, date: string, first: boolean): EntryPlan {
  const crew = teams[plan.team];
  const userId = plan.assigneeId && random.chance(0.75) ? plan.assigneeId : random.weighted(crew.members);
  const step = first ? random.pick([GENERIC_STEPS[0]!, plan.template.steps[0]!]) : random.chance(0.7) ? random.pick(plan.template.steps) : random.pick(GENERIC_STEPS);
  const entry: EntryPlan = { date, userId, minutes: random.weighted(MINUTES), description: step };
  if (!crew.billingEnabled) return entry;
  if (plan.customerId === null) return { ...entry, billable: false };
  if (random.chance(0.06)) return { ...entry, billable: false, description: random.pick(NON_BILLABLE_STEPS) };
  if (!plan.lineId) return entry;
  const onsite = entity?.lines.onsite;
  if (plan.team === 'infra' && onsite && !first && random.chance(0.08)) {
    return { ...entry, minutes: random.pick([240, 480, 480]), description: random.pick(ONSITE_STEPS), pinnedLineId: onsite };
  }
  const senior = entity?.lines.senior;
  if (senior && plan.lineId !== senior && crew.seniors.has(userId) && random.chance(0.35)) return { ...entry, pinnedLineId: senior };
  return entry;
}

/** Plans TICKET_COUNT tickets opened over the last HISTORY_DAYS days, with ENTRY_COUNT entries dated while each was open. */
export function planTickets(random: Random, today: string, teams: Record<TeamKey, TeamMembers>, entities: EntityRef[]): TicketPlan[] {
  const plans = Array.from({ length: TICKET_COUNT }, () => planTicket(random, today, teams, entities));
  plans.sort((a, b) => (a.opened < b.opened ? -1 : a.opened > b.opened ? 1 : 0));
  const counts = entryCounts(random, plans);
  const entityOf = (customerId: string | null) => entities.find((e) => e.companyId === customerId || e.contactIds.includes(customerId ?? '')) ?? null;
  plans.forEach((plan, i) => {
    const [shortest, longest] = LIFETIME[plan.priority];
    const closes = plan.stage === 'solved' ? addDays(plan.opened, random.int(shortest, longest)) : plan.stage === 'cancelled' ? addDays(plan.opened, random.int(0, 2)) : today;
    const last = minDate(closes, today);
    const dates = Array.from({ length: counts[i]! }, (_, k) => (k === 0 ? plan.opened : workDay(random, plan.opened, last))).sort();
    plan.entries = dates.map((date, k) => planEntry(random, plan, teams, entityOf(plan.customerId), date, k === 0));
  });
  return plans;
}
