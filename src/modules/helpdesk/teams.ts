import { and, asc, eq, inArray } from 'drizzle-orm';
import { inTransaction, type Db, type Executor, type Tx } from '../../platform/db.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { byName, toPage } from '../../platform/pagination.ts';
import { setTeamMembers, userTeams } from '../accounts/index.ts';
import { projects, stages, teams } from './tables.ts';

export interface TeamRead {
  id: string;
  name: string;
  timesheetsEnabled: boolean;
  billingEnabled: boolean;
  projectId: string | null;
  /** R67: where a ticket in the first stage moves when time is logged on it (null: it stays). */
  stageOnTimeLogged: string | null;
  /** The staff users working in the team: agents see the tickets of their teams. */
  memberIds: string[];
  createdAt: string;
}

export interface StageRead {
  id: string;
  teamId: string;
  name: string;
  sequence: number;
  closed: boolean;
}

export interface TeamInput {
  name: string;
  timesheetsEnabled?: boolean | undefined;
  billingEnabled?: boolean | undefined;
  projectId?: string | null | undefined;
  stageOnTimeLogged?: string | null | undefined;
  memberIds?: string[] | undefined;
}

const DEFAULT_STAGES = [
  { name: 'New', closed: false },
  { name: 'In progress', closed: false },
  { name: 'Solved', closed: true },
  { name: 'Cancelled', closed: true },
];

type Row = typeof teams.$inferSelect;

const toRead = (row: Row, members: Map<number, string[]>): TeamRead => ({
  id: String(row.id),
  name: row.name,
  timesheetsEnabled: row.timesheetsEnabled,
  billingEnabled: row.billingEnabled,
  projectId: row.projectId == null ? null : String(row.projectId),
  stageOnTimeLogged: row.stageOnTimeLogged == null ? null : String(row.stageOnTimeLogged),
  memberIds: members.get(row.id) ?? [],
  createdAt: row.createdAt.toISOString(),
});

/** The member ids of each team, in user id order. */
async function membersOf(db: Executor, teamIds: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (teamIds.length === 0) return map;
  const rows = await db.select().from(userTeams).where(inArray(userTeams.teamId, teamIds)).orderBy(asc(userTeams.userId));
  for (const row of rows) map.set(row.teamId, [...(map.get(row.teamId) ?? []), String(row.userId)]);
  return map;
}

const readTeam = async (db: Executor, row: Row) => toRead(row, await membersOf(db, [row.id]));

const toStageRead = (row: typeof stages.$inferSelect): StageRead => ({
  id: String(row.id),
  teamId: String(row.teamId),
  name: row.name,
  sequence: row.sequence,
  closed: row.closed,
});

/** Loads a team row, or null. */
export async function findTeamRow(db: Executor, teamId: number): Promise<Row | null> {
  const [row] = await db.select().from(teams).where(eq(teams.id, teamId));
  return row ?? null;
}

/**
 * R10: billing needs timesheets; enabling timesheets with no project creates one named after the
 * team. Returns the project id the team must have.
 */
async function settleSwitches(tx: Tx, name: string, timesheets: boolean, billing: boolean, projectId: number | null): Promise<number | null> {
  if (billing && !timesheets) throw invalid('billingEnabled', 'Time billing needs timesheets on tickets to be enabled');
  if (projectId !== null) {
    const [project] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId));
    if (!project) throw invalid('projectId', 'No such project');
    return projectId;
  }
  if (!timesheets) return null;
  const [created] = await tx.insert(projects).values({ name }).returning({ id: projects.id });
  return created!.id;
}

/** R67: the stage time logging moves tickets to must be an open stage of this team (400 otherwise); null switches it off. */
async function stageOnTimeLogged(tx: Tx, teamId: number, stageId: string | null): Promise<number | null> {
  if (stageId === null) return null;
  const stage = await findStage(tx, teamId, Number(stageId));
  if (!stage) throw invalid('stageOnTimeLogged', 'Not a stage of this team');
  if (stage.closed) throw invalid('stageOnTimeLogged', 'A closed stage would close the ticket: choose an open stage');
  return stage.id;
}

/** Creates a team with the default stages (New, In progress, Solved, Cancelled). */
export async function createTeam(db: Db, input: TeamInput): Promise<TeamRead> {
  return inTransaction(db, async (tx) => {
    const timesheets = input.timesheetsEnabled ?? false;
    const billing = input.billingEnabled ?? false;
    const projectId = await settleSwitches(tx, input.name, timesheets, billing, input.projectId ? Number(input.projectId) : null);
    const [row] = await tx.insert(teams).values({ name: input.name, timesheetsEnabled: timesheets, billingEnabled: billing, projectId }).returning();
    const created = await tx.insert(stages).values(DEFAULT_STAGES.map((s, i) => ({ ...s, teamId: row!.id, sequence: i + 1 }))).returning({ id: stages.id, sequence: stages.sequence });
    // R67, decision 0031: a new team moves tickets to "In progress" once time is logged, unless told otherwise.
    const inProgress = created.find((s) => s.sequence === 2)!.id;
    const target = input.stageOnTimeLogged === undefined ? inProgress : await stageOnTimeLogged(tx, row!.id, input.stageOnTimeLogged);
    const [team] = await tx.update(teams).set({ stageOnTimeLogged: target }).where(eq(teams.id, row!.id)).returning();
    if (input.memberIds) await setTeamMembers(tx, row!.id, input.memberIds);
    return readTeam(tx, team!);
  });
}

/** Changes a team's name, switches or project (R10), or its members (the whole list). */
export async function updateTeam(db: Db, teamId: number, patch: Partial<TeamInput>): Promise<TeamRead> {
  return inTransaction(db, async (tx) => {
    const [current] = await tx.select().from(teams).where(eq(teams.id, teamId)).for('update');
    if (!current) throw notFound('Team');
    const name = patch.name ?? current.name;
    const timesheets = patch.timesheetsEnabled ?? current.timesheetsEnabled;
    const billing = patch.billingEnabled ?? current.billingEnabled;
    const wanted = patch.projectId !== undefined ? (patch.projectId ? Number(patch.projectId) : null) : current.projectId;
    if (patch.projectId === null && timesheets) throw invalid('projectId', 'A team with timesheets keeps a project');
    const projectId = await settleSwitches(tx, name, timesheets, billing, wanted);
    const target = patch.stageOnTimeLogged === undefined ? current.stageOnTimeLogged : await stageOnTimeLogged(tx, teamId, patch.stageOnTimeLogged);
    const [row] = await tx.update(teams).set({ name, timesheetsEnabled: timesheets, billingEnabled: billing, projectId, stageOnTimeLogged: target }).where(eq(teams.id, teamId)).returning();
    if (patch.memberIds) await setTeamMembers(tx, teamId, patch.memberIds);
    return readTeam(tx, row!);
  });
}

/** Reads a team or answers 404. */
export async function getTeam(db: Executor, teamId: number): Promise<TeamRead> {
  const row = await findTeamRow(db, teamId);
  if (!row) throw notFound('Team');
  return readTeam(db, row);
}

/** Lists teams by name. */
export async function listTeams(db: Db, query: { limit: number; cursor?: string | undefined }) {
  const page = byName(teams.name, teams.id, query.cursor);
  const rows = await db
    .select()
    .from(teams)
    .where(page.after)
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const members = await membersOf(db, rows.map((r) => r.id));
  return toPage(rows, query.limit, page.key, (row) => toRead(row, members));
}

/** The stages of a team, in order. */
export async function listStages(db: Executor, teamId: number): Promise<StageRead[]> {
  await getTeam(db, teamId);
  const rows = await db.select().from(stages).where(eq(stages.teamId, teamId)).orderBy(asc(stages.sequence), asc(stages.id));
  return rows.map(toStageRead);
}

/** A stage of the given team, or null (a stage of another team is not a stage of this one). */
export async function findStage(db: Executor, teamId: number, stageId: number) {
  const [row] = await db.select().from(stages).where(and(eq(stages.id, stageId), eq(stages.teamId, teamId)));
  return row ?? null;
}

/** The first stage of a team (where new tickets start). */
export async function firstStage(db: Executor, teamId: number) {
  const [row] = await db.select().from(stages).where(eq(stages.teamId, teamId)).orderBy(asc(stages.sequence), asc(stages.id)).limit(1);
  if (!row) throw notFound('Stage');
  return row;
}
