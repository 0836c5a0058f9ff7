import type { PlaylistFilter } from '../../../shared/api/playlists.js';
import type { LabelSource } from '../../../shared/taxonomy.js';

/** What the Library's plays table lists: its filters and its place (a game, a season, every game). */
export interface TableFilter {
  place: { gameId: number } | { seasonId: number } | 'everything';
  search: string;
  teamName: string | null;
  player: string | null;
  period: number | null;
  playType: string | null;
  labelSource: LabelSource | null;
  tag: string | null;
}

/** What the model narrows to: a run's predictions, its held-out games, its mistakes. */
export interface ModelNarrowing {
  runId: number | null;
  predictedType: string | null;
  heldOut: boolean;
  wrong: boolean;
}

/**
 * The saved filter for what the table lists, narrowed by the model; or why it cannot be saved.
 * Search words are not part of a saved filter (it matches fields exactly), so they are refused
 * with what to do instead.
 */
export function playlistFilterOf(table: TableFilter, model: ModelNarrowing): { filter: PlaylistFilter } | { problem: string } {
  if (table.search.trim() !== '') {
    return { problem: 'A saved filter cannot hold search words: clear the search and use the type, team, player, period, label and tag filters, or pick the plays and save them as a list.' };
  }
  if (model.runId === null && (model.heldOut || model.wrong || model.predictedType !== null)) {
    return { problem: 'Choose the run whose predictions say which plays are held out, wrong or predicted as a type.' };
  }
  const filter: PlaylistFilter = {
    ...(table.place !== 'everything' && 'gameId' in table.place ? { gameId: table.place.gameId } : {}),
    ...(table.place !== 'everything' && 'seasonId' in table.place ? { seasonId: table.place.seasonId } : {}),
    ...(table.teamName !== null ? { team: table.teamName } : {}),
    ...(table.player !== null ? { player: table.player } : {}),
    ...(table.period !== null ? { period: table.period } : {}),
    ...(table.playType !== null ? { playType: table.playType } : {}),
    ...(table.labelSource !== null ? { labelSource: table.labelSource } : {}),
    ...(table.tag !== null ? { tags: [table.tag] } : {}),
    ...(model.runId !== null ? { runId: model.runId } : {}),
    ...(model.runId !== null && model.predictedType !== null ? { predictedType: model.predictedType } : {}),
    ...(model.runId !== null && model.heldOut ? { heldOut: true } : {}),
    ...(model.runId !== null && model.wrong ? { wrong: true } : {}),
  };
  return { filter };
}

/** A saved filter in words, for the playlists panel: "Suns · Period 4 · Pick & Roll". */
export function describeFilter(filter: PlaylistFilter, names: { type: (id: string) => string; game: (id: number) => string; season: (id: number) => string }): string {
  const parts = [
    filter.gameId !== undefined ? names.game(filter.gameId) : null,
    filter.seasonId !== undefined ? names.season(filter.seasonId) : null,
    filter.team ?? null,
    filter.player ?? null,
    filter.period !== undefined ? `Period ${filter.period}` : null,
    filter.playType !== undefined ? names.type(filter.playType) : null,
    filter.labelSource !== undefined ? `${filter.labelSource} labels` : null,
    ...(filter.tags ?? []).map((tag) => `#${tag}`),
    filter.runId !== undefined ? `run ${filter.runId}` : null,
    filter.predictedType !== undefined ? `predicted ${names.type(filter.predictedType)}` : null,
    filter.heldOut ? 'held-out' : null,
    filter.wrong ? 'wrong' : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(' · ') : 'every play';
}
