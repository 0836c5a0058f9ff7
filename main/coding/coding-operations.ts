/**
 * The coding operations on plays, each one transaction that writes the plays and journals them
 * with their inverse: undo writes the plays back as they were, redo as they became. Shared by the
 * API's coding service and the `filmroom plays` commands.
 */
import type { Database } from 'better-sqlite3';
import {
  AddPlayRequest,
  DeletePlayRequest,
  EditPlayRequest,
  MergePlaysRequest,
  SplitPlayRequest,
  TrimPlayRequest,
  type CodingHistory,
  type CodingOperationName,
  type CodingResult,
} from '../../shared/api/coding.js';
import type { Game } from '../../shared/api/library.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import {
  appendJournal,
  countJournal,
  countPlaysBetween,
  findOverlappingPlay,
  firstUndoneEntry,
  lastDoneEntry,
  nextPlayId,
  readPlaySnapshot,
  setJournalState,
  writePlaySnapshots,
  type JournalEntry,
  type PlaySnapshot,
} from '../library/repositories/coding.js';
import { getGame } from '../library/repositories/games.js';
import { findPlay } from '../library/repositories/plays.js';
import { listPlayTypes } from '../library/repositories/taxonomy.js';
import { ensureTeam } from '../library/repositories/teams.js';

const s = (t: number) => `${t.toFixed(2)} s`;

function gameOf(db: Database, gameId: number): Game {
  const game = getGame(db, gameId);
  if (!game) throw new NotFoundError(`No game ${gameId} in this library (\`filmroom library info\` counts them; the Library view lists them).`);
  return game;
}

function playOf(db: Database, playId: number): PlaySnapshot {
  const play = readPlaySnapshot(db, playId);
  if (!play) throw new NotFoundError(`No play ${playId} in this library: it may have been deleted or merged into another.`);
  return play;
}

/** A play type as analysts read it in a summary ("Pick & Roll: Ball Handler", not its id). */
function typeName(db: Database, playType: string): string {
  return listPlayTypes(db).find((t) => t.id === playType)?.name ?? playType;
}

function checkPlayType(db: Database, playType: string): void {
  const types = listPlayTypes(db);
  if (!types.some((t) => t.id === playType)) throw new ValidationError(`"${playType}" is not a play type of this library: choose one of ${types.map((t) => t.id).join(', ')}.`);
}

/** Refuses a span that is empty, past the video's end, or overlaps another play of the game. */
function checkSpan(db: Database, game: Game, startS: number, endS: number, excludeIds: readonly number[]): void {
  if (!(endS > startS)) throw new ValidationError(`A play must end after it starts: ${s(startS)} to ${s(endS)} is ${endS === startS ? 'zero-length' : 'backwards'}.`);
  // Half a frame of slack: a play coded to the last frame ends at the duration as the player shows it.
  if (endS > game.durationS + 0.5 / game.fps) throw new ValidationError(`The play would end at ${s(endS)}, past the end of ${game.name}'s video (${s(game.durationS)}).`);
  const other = findOverlappingPlay(db, game.id, startS, endS, excludeIds);
  if (other) throw new ConflictError(`${s(startS)} to ${s(endS)} overlaps play ${other.id} (${typeName(db, other.playType)}, ${s(other.startS)} to ${s(other.endS)}) of ${game.name}: trim or delete that play first.`);
}

interface Details {
  team?: string | null | undefined;
  period?: number | null | undefined;
  clock?: string | null | undefined;
  player?: string | null | undefined;
  tags?: string[] | undefined;
}

function applyDetails(db: Database, play: PlaySnapshot, d: Details): PlaySnapshot {
  return {
    ...play,
    ...(d.team !== undefined ? { teamId: d.team === null ? null : ensureTeam(db, d.team) } : {}),
    ...(d.period !== undefined ? { period: d.period } : {}),
    ...(d.clock !== undefined ? { clock: d.clock } : {}),
    ...(d.player !== undefined ? { player: d.player } : {}),
    ...(d.tags !== undefined ? { tags: [...new Set(d.tags)] } : {}),
  };
}

function resultOf(db: Database, journalId: number, entry: { operation: CodingOperationName; summary: string }, direction: CodingResult['direction'], written: readonly PlaySnapshot[], removed: readonly PlaySnapshot[]): CodingResult {
  const kept = new Set(written.map((p) => p.id));
  return {
    journalId,
    operation: entry.operation,
    summary: entry.summary,
    direction,
    plays: written.map((p) => findPlay(db, p.id)!),
    removedPlayIds: removed.map((p) => p.id).filter((id) => !kept.has(id)),
  };
}

/** Writes `after` in place of `before` and journals it, all or nothing. */
function commit(db: Database, operation: CodingOperationName, summary: string, before: PlaySnapshot[], after: PlaySnapshot[]): CodingResult {
  return db.transaction(() => {
    writePlaySnapshots(db, before.map((p) => p.id), after);
    const journalId = appendJournal(db, { operation, summary, before, after });
    return resultOf(db, journalId, { operation, summary }, 'do', after, before);
  })();
}

export function addPlay(db: Database, request: AddPlayRequest): CodingResult {
  const r = AddPlayRequest.parse(request);
  return db.transaction(() => {
    const game = gameOf(db, r.gameId);
    checkPlayType(db, r.playType);
    checkSpan(db, game, r.startS, r.endS, []);
    const blank: PlaySnapshot = { id: nextPlayId(db), gameId: game.id, startS: r.startS, endS: r.endS, playType: r.playType, labelSource: 'analyst', teamId: null, period: null, clock: null, player: null, externalId: null, tags: [] };
    const play = applyDetails(db, blank, r);
    return commit(db, 'add', `Added ${typeName(db, play.playType)} play ${play.id} (${s(play.startS)} to ${s(play.endS)}) to ${game.name}`, [], [play]);
  }).immediate();
}

export function trimPlay(db: Database, request: TrimPlayRequest): CodingResult {
  const r = TrimPlayRequest.parse(request);
  return db.transaction(() => {
    const play = playOf(db, r.playId);
    const startS = r.startS ?? play.startS;
    const endS = r.endS ?? play.endS;
    if (startS === play.startS && endS === play.endS) throw new ValidationError(`Play ${play.id} already runs from ${s(startS)} to ${s(endS)}.`);
    checkSpan(db, gameOf(db, play.gameId), startS, endS, [play.id]);
    return commit(db, 'trim', `Trimmed play ${play.id} to ${s(startS)} – ${s(endS)}`, [play], [{ ...play, startS, endS }]);
  }).immediate();
}

export function splitPlay(db: Database, request: SplitPlayRequest): CodingResult {
  const r = SplitPlayRequest.parse(request);
  return db.transaction(() => {
    const play = playOf(db, r.playId);
    if (!(r.atS > play.startS && r.atS < play.endS)) throw new ValidationError(`Split play ${play.id} inside it: ${s(r.atS)} is not between its start ${s(play.startS)} and end ${s(play.endS)}.`);
    const second: PlaySnapshot = { ...play, id: nextPlayId(db), startS: r.atS, externalId: null };
    return commit(db, 'split', `Split play ${play.id} at ${s(r.atS)}`, [play], [{ ...play, endS: r.atS }, second]);
  }).immediate();
}

export function deletePlay(db: Database, request: DeletePlayRequest): CodingResult {
  const r = DeletePlayRequest.parse(request);
  return db.transaction(() => {
    const play = playOf(db, r.playId);
    return commit(db, 'delete', `Deleted play ${play.id} (${typeName(db, play.playType)}, ${s(play.startS)} to ${s(play.endS)})`, [play], []);
  }).immediate();
}

/** Joins two neighbouring plays of a game into one spanning both; the earlier one's label and details stay. */
export function mergePlays(db: Database, request: MergePlaysRequest): CodingResult {
  const r = MergePlaysRequest.parse(request);
  return db.transaction(() => {
    const [first, second] = [playOf(db, r.firstPlayId), playOf(db, r.secondPlayId)].sort((a, b) => a.startS - b.startS) as [PlaySnapshot, PlaySnapshot];
    if (first.id === second.id) throw new ValidationError(`Merge two different plays (both were ${first.id}).`);
    if (first.gameId !== second.gameId) throw new ValidationError(`Plays ${first.id} and ${second.id} are in different games: only neighbours in one game merge.`);
    if (countPlaysBetween(db, first.gameId, first.endS, second.startS, [first.id, second.id]) > 0) {
      throw new ValidationError(`Plays ${first.id} and ${second.id} are not neighbours: other plays lie between them.`);
    }
    const merged: PlaySnapshot = { ...first, endS: Math.max(first.endS, second.endS), tags: [...new Set([...first.tags, ...second.tags])] };
    return commit(db, 'merge', `Merged plays ${first.id} and ${second.id}`, [first, second], [merged]);
  }).immediate();
}

export function editPlay(db: Database, request: EditPlayRequest): CodingResult {
  const r = EditPlayRequest.parse(request);
  return db.transaction(() => {
    const play = playOf(db, r.playId);
    if (r.playType !== undefined) checkPlayType(db, r.playType);
    // A play type given is the analyst's word on the play, even where it repeats an imported or a
    // model's label: that confirms it as the analyst's own (and the confirmation undoes like any edit).
    const playType = r.playType;
    const labelled = playType !== undefined && (playType !== play.playType || play.labelSource !== 'analyst');
    const edited = applyDetails(db, labelled ? { ...play, playType, labelSource: 'analyst' } : play, r);
    if (JSON.stringify(edited) === JSON.stringify(play)) throw new ValidationError(`Nothing to change on play ${play.id}: give a play type, team, period, clock, player or tags.`);
    const fields = (['playType', 'teamId', 'period', 'clock', 'player', 'tags'] as const).filter((k) => JSON.stringify(edited[k]) !== JSON.stringify(play[k]));
    const details = fields.filter((f) => f !== 'playType').map((f) => (f === 'teamId' ? 'team' : f));
    const label = fields.includes('playType')
      ? `Labelled play ${play.id} ${typeName(db, edited.playType)} (was ${typeName(db, play.playType)})`
      : edited.labelSource !== play.labelSource
        ? `Confirmed ${typeName(db, edited.playType)} as the label of play ${play.id}`
        : null;
    const detailWords = details.join(', ');
    const summary = !label ? `Edited ${detailWords} of play ${play.id}` : details.length > 0 ? `${label}; edited ${detailWords}` : label;
    return commit(db, 'edit', summary, [play], [edited]);
  }).immediate();
}

/**
 * Writes one side of a journal entry back in place of the other. Refused when the library has
 * moved on in a way the entry cannot take back (a play it touched was changed by something else).
 */
function replay(db: Database, entry: JournalEntry, from: PlaySnapshot[], to: PlaySnapshot[], direction: 'undo' | 'redo'): CodingResult {
  for (const expected of from) {
    const now = readPlaySnapshot(db, expected.id);
    if (!now || now.startS !== expected.startS || now.endS !== expected.endS || now.gameId !== expected.gameId) {
      throw new ConflictError(`Cannot ${direction} "${entry.summary}": play ${expected.id} ${now ? 'has been changed' : 'is gone'} since (by an import or another window).`);
    }
  }
  const fromIds = new Set(from.map((p) => p.id));
  for (const play of to) {
    if (!fromIds.has(play.id) && readPlaySnapshot(db, play.id)) throw new ConflictError(`Cannot ${direction} "${entry.summary}": play id ${play.id} is taken by another play since.`);
    const game = getGame(db, play.gameId);
    if (!game) throw new ConflictError(`Cannot ${direction} "${entry.summary}": game ${play.gameId} is gone.`);
    checkSpan(db, game, play.startS, play.endS, [...fromIds, ...to.map((p) => p.id)]);
  }
  writePlaySnapshots(db, [...fromIds], to);
  setJournalState(db, entry.id, direction === 'undo' ? 'undone' : 'done');
  return resultOf(db, entry.id, entry, direction, to, from);
}

/** Takes back the newest operation still done; null when there is none. */
export function undoCoding(db: Database): CodingResult | null {
  return db.transaction(() => {
    const entry = lastDoneEntry(db);
    return entry ? replay(db, entry, entry.after, entry.before, 'undo') : null;
  }).immediate();
}

/** Does again the oldest operation undone; null when there is none. */
export function redoCoding(db: Database): CodingResult | null {
  return db.transaction(() => {
    const entry = firstUndoneEntry(db);
    return entry ? replay(db, entry, entry.before, entry.after, 'redo') : null;
  }).immediate();
}

export function codingHistory(db: Database): CodingHistory {
  const undo = lastDoneEntry(db);
  const redo = firstUndoneEntry(db);
  return {
    undo: undo ? { operation: undo.operation, summary: undo.summary } : null,
    redo: redo ? { operation: redo.operation, summary: redo.summary } : null,
    ...countJournal(db),
  };
}
