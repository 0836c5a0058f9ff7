import type { Database } from 'better-sqlite3';
import { PLAYER_TAG_PREFIX, type Play, type PlayFacets, type PlayPage, type PlaySortKey } from '../../../shared/api/library.js';
import type { LabelSource } from '../../../shared/taxonomy.js';

export interface PlayRow {
  id: number;
  game_id: number;
  start_s: number;
  end_s: number;
  play_type_id: string;
  label_source: LabelSource;
  team_id: number | null;
  team_name: string | null;
  period: number | null;
  clock: string | null;
  player: string | null;
  tags_json: string;
}

export function rowToPlay(row: PlayRow): Play {
  const tags = JSON.parse(row.tags_json) as string[];
  const playerTag = tags.find((tag) => tag.startsWith(PLAYER_TAG_PREFIX));
  return {
    id: row.id,
    gameId: row.game_id,
    startS: row.start_s,
    endS: row.end_s,
    playType: row.play_type_id,
    labelSource: row.label_source,
    team: row.team_id === null || row.team_name === null ? null : { id: row.team_id, name: row.team_name },
    period: row.period,
    clock: row.clock,
    tags,
    // An analyst's coding sets the column; imports carry the player as a "Player:" tag.
    player: row.player ?? (playerTag === undefined ? null : playerTag.slice(PLAYER_TAG_PREFIX.length)),
  };
}

export interface PlayFilter {
  gameId?: number | undefined;
  seasonId?: number | undefined;
  playType?: string | undefined;
  labelSource?: LabelSource | undefined;
  search?: string | undefined;
  teamId?: number | undefined;
  player?: string | undefined;
  period?: number | undefined;
  tag?: string | undefined;
}

export interface PlayOrder {
  sort: PlaySortKey;
  descending: boolean;
}

/** The play's player, read from its "Player:" tag in SQL so the table can sort by it. */
const PLAYER_SQL = `COALESCE(p.player, (SELECT substr(j.value, ${PLAYER_TAG_PREFIX.length + 1}) FROM json_each(p.tags_json) j WHERE j.value LIKE '${PLAYER_TAG_PREFIX}%' LIMIT 1))`;

/** What each sortable column sorts by; ties (and the direction-free tail) fall back to film order. */
const SORT_SQL: Record<PlaySortKey, string> = {
  game: 'g.name',
  start: 'p.game_id',
  end: 'p.end_s',
  playType: '(SELECT pt.ordinal FROM play_types pt WHERE pt.id = p.play_type_id)',
  team: 't.name',
  player: PLAYER_SQL,
  period: 'p.period',
  label: 'p.label_source',
  tags: "nullif(p.tags_json, '[]')",
};

/** Escapes LIKE's wildcards so a search for "50%" finds that text and nothing else. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchWords(search: string | undefined): string[] {
  return search === undefined ? [] : search.split(/\s+/).filter((word) => word.length > 0).slice(0, 8);
}

function whereClause(filter: PlayFilter): string {
  const conditions = ["g.status = 'ready'"];
  if (filter.gameId !== undefined) conditions.push('p.game_id = @gameId');
  if (filter.seasonId !== undefined) conditions.push('g.season_id = @seasonId');
  if (filter.playType !== undefined) conditions.push('p.play_type_id = @playType');
  if (filter.labelSource !== undefined) conditions.push('p.label_source = @labelSource');
  if (filter.teamId !== undefined) conditions.push('p.team_id = @teamId');
  if (filter.period !== undefined) conditions.push('p.period = @period');
  if (filter.player !== undefined) conditions.push(`${PLAYER_SQL} = @player`);
  if (filter.tag !== undefined) conditions.push('EXISTS (SELECT 1 FROM json_each(p.tags_json) j WHERE j.value = @tag)');
  // Every word must be found somewhere: in the game's name, the team's, the play type's, or a tag (the player is one).
  searchWords(filter.search).forEach((_, index) => {
    const word = `@word${index}`;
    conditions.push(
      `(g.name LIKE ${word} ESCAPE '\\' OR (SELECT name FROM teams WHERE id = p.team_id) LIKE ${word} ESCAPE '\\'
        OR (SELECT name FROM play_types WHERE id = p.play_type_id) LIKE ${word} ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM json_each(p.tags_json) j WHERE j.value LIKE ${word} ESCAPE '\\'))`,
    );
  });
  return conditions.join(' AND ');
}

function params(filter: PlayFilter): Record<string, unknown> {
  const { search, ...rest } = filter;
  const words = Object.fromEntries(searchWords(search).map((word, index) => [`word${index}`, likePattern(word)]));
  return { ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)), ...words };
}

function orderClause(order: PlayOrder): string {
  const direction = order.descending ? 'DESC' : 'ASC';
  const key = SORT_SQL[order.sort];
  // Empty values last whichever the direction; then film order, so equal rows keep a stable, sensible order.
  return `(${key}) IS NULL, ${key} ${direction}, p.game_id ${order.sort === 'start' ? direction : 'ASC'}, p.start_s ${order.sort === 'start' ? direction : 'ASC'}, p.end_s`;
}

/** A page of plays matching the filter in the order asked (film order by default), with the total the filter matches. */
export function listPlays(
  db: Database,
  filter: PlayFilter,
  page: { limit: number; offset: number },
  order: PlayOrder = { sort: 'start', descending: false },
): PlayPage {
  const where = whereClause(filter);
  const rows = db
    .prepare(
      `SELECT p.id, p.game_id, p.start_s, p.end_s, p.play_type_id, p.label_source, p.team_id, t.name AS team_name,
              p.period, p.clock, p.player, p.tags_json
         FROM plays p JOIN games g ON g.id = p.game_id LEFT JOIN teams t ON t.id = p.team_id
        WHERE ${where}
        ORDER BY ${orderClause(order)}
        LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params(filter), ...page }) as PlayRow[];
  const total = (db.prepare(`SELECT count(*) AS n FROM plays p JOIN games g ON g.id = p.game_id WHERE ${where}`).get(params(filter)) as { n: number }).n;
  return { plays: rows.map(rowToPlay), total };
}

/** The teams, players, periods and free tags that a game's or season's plays hold, each sorted. */
export function playFacets(db: Database, filter: Pick<PlayFilter, 'gameId' | 'seasonId'>): PlayFacets {
  const where = whereClause(filter);
  const from = 'FROM plays p JOIN games g ON g.id = p.game_id';
  const teams = db
    .prepare(`SELECT DISTINCT t.id, t.name ${from} JOIN teams t ON t.id = p.team_id WHERE ${where} ORDER BY t.name`)
    .all(params(filter)) as { id: number; name: string }[];
  const periods = (db.prepare(`SELECT DISTINCT p.period AS period ${from} WHERE ${where} AND p.period IS NOT NULL ORDER BY p.period`).all(params(filter)) as { period: number }[]).map(
    (row) => row.period,
  );
  const tags = (db.prepare(`SELECT DISTINCT j.value AS tag ${from}, json_each(p.tags_json) j WHERE ${where} ORDER BY j.value`).all(params(filter)) as { tag: string }[]).map((row) => row.tag);
  return {
    teams,
    players: (db.prepare(`SELECT DISTINCT ${PLAYER_SQL} AS player ${from} WHERE ${where} AND ${PLAYER_SQL} IS NOT NULL ORDER BY 1`).all(params(filter)) as { player: string }[]).map(
      (row) => row.player,
    ),
    periods,
    tags: tags.filter((tag) => !tag.startsWith(PLAYER_TAG_PREFIX)),
  };
}

/** Plays per play type for the filter; types with no plays are left out (the caller has the taxonomy). */
export function countPlaysByType(db: Database, filter: Pick<PlayFilter, 'gameId' | 'seasonId'>): { playType: string; count: number }[] {
  return db
    .prepare(
      `SELECT p.play_type_id AS playType, count(*) AS count
         FROM plays p JOIN games g ON g.id = p.game_id
        WHERE ${whereClause(filter)}
        GROUP BY p.play_type_id`,
    )
    .all(params(filter)) as { playType: string; count: number }[];
}

export interface NewPlay {
  gameId: number;
  startS: number;
  endS: number;
  playType: string;
  labelSource: LabelSource;
  teamId: number | null;
  period: number | null;
  clock: string | null;
  externalId: string | null;
  tags: string[];
}

/** Inserts a play unless the same (game, start, end) is already there; says which happened. */
export function insertPlay(db: Database, play: NewPlay): { id: number; added: boolean } {
  const result = db
    .prepare(
      `INSERT INTO plays (game_id, start_s, end_s, play_type_id, label_source, team_id, period, clock, external_id, tags_json)
       VALUES (@gameId, @startS, @endS, @playType, @labelSource, @teamId, @period, @clock, @externalId, @tagsJson)
       ON CONFLICT (game_id, start_s, end_s) DO NOTHING`,
    )
    .run({ ...play, tagsJson: JSON.stringify(play.tags) });
  if (result.changes > 0) return { id: Number(result.lastInsertRowid), added: true };
  const existing = db.prepare('SELECT id FROM plays WHERE game_id = ? AND start_s = ? AND end_s = ?').get(play.gameId, play.startS, play.endS) as { id: number };
  return { id: existing.id, added: false };
}

/** A play by id, as the API shows it; undefined when there is none. */
export function findPlay(db: Database, playId: number): Play | undefined {
  const row = db
    .prepare(
      `SELECT p.id, p.game_id, p.start_s, p.end_s, p.play_type_id, p.label_source, p.team_id, t.name AS team_name, p.period, p.clock, p.player, p.tags_json
         FROM plays p LEFT JOIN teams t ON t.id = p.team_id WHERE p.id = ?`,
    )
    .get(playId) as PlayRow | undefined;
  return row && rowToPlay(row);
}

/** Sets a play's label and where it came from, stamping updated_at. */
export function updatePlayLabel(db: Database, playId: number, playType: string, labelSource: LabelSource): void {
  db.prepare(`UPDATE plays SET play_type_id = ?, label_source = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(playType, labelSource, playId);
}

/** Removes one play (its clips and predictions go with it, by the schema's cascades). */
export function deletePlay(db: Database, playId: number): void {
  db.prepare('DELETE FROM plays WHERE id = ?').run(playId);
}
