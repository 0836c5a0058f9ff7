/**
 * The annotation files of a synthetic season: the plays as records (one CSV and one JSON for the
 * season), a Sportscode edit list per game with the extra, non-play rows real ones carry ("Team",
 * "Possession"), and season.json describing how the season was made.
 */
import fs from 'node:fs';
import path from 'node:path';
import defaultTaxonomy from '../../resources/taxonomy.json' with { type: 'json' };
import { writeAnnotationsCsv, writeAnnotationsJson, writeSportscodeXml } from '../annotations/index.js';
import type { AnnotationRecord } from '../annotations/types.js';
import { FILMROOM_VERSION } from '../version.js';
import type { ResolvedOptions } from './options.js';
import type { GamePlan } from './plan.js';
import type { GameTimeline } from './timeline.js';

/** Bumped when the same seed would render different film: consumers can tell seasons apart. */
export const GENERATOR_VERSION = 1;

/** Times are whole frames; three decimals keep them exact without float noise (12.280000000000001). */
const seconds = (frame: number, fps: number) => Number((frame / fps).toFixed(3));

export function playRecords(game: GamePlan, timeline: GameTimeline): AnnotationRecord[] {
  return timeline.plays.map((play, p) => {
    const team = game.teams[play.plan.offence];
    const player = `${team.name} #${play.finisherNumber}`;
    return {
      game: game.name,
      video: `${game.base}.mp4`,
      startS: seconds(play.startFrame, timeline.fps),
      endS: seconds(play.endFrame, timeline.fps),
      playType: play.plan.playType,
      id: `g${String(game.index).padStart(3, '0')}-p${String(p + 1).padStart(3, '0')}`,
      team: team.name,
      period: play.plan.period,
      clock: play.plan.clock,
      player,
      tags: [`Team:${team.name}`, `Player:${player}`],
    };
  });
}

/**
 * A game's edit list rows: each play, plus a "Team" row (the team with the ball) over the same
 * span and a "Possession" row that starts a little earlier, in the dead ball before the play.
 */
export function editListRecords(plays: readonly AnnotationRecord[]): AnnotationRecord[] {
  return plays.flatMap((play, i) => {
    const previousEnd = i > 0 ? plays[i - 1]!.endS : 0;
    const possessionStart = Number(Math.max(previousEnd, play.startS - 1.5).toFixed(3));
    const labels = (play.tags ?? []).filter((t) => t.startsWith('Team:'));
    return [
      play,
      { ...play, playType: 'Team', id: `${play.id}-team`, tags: labels },
      { ...play, playType: 'Possession', id: `${play.id}-possession`, startS: possessionStart, tags: labels },
    ];
  });
}

/** Sportscode row colours: the taxonomy's colour for each play type, greys for the other rows. */
export function rowColors(): Record<string, string> {
  const colors: Record<string, string> = { Team: '#7f7f7f', Possession: '#4d4d4d' };
  for (const type of defaultTaxonomy.playTypes) colors[type.id] = type.color;
  return colors;
}

export interface SeasonFilesInput {
  options: ResolvedOptions;
  /** Each game's plan, its length in frames and its plays. */
  games: readonly { plan: GamePlan; frames: number; records: AnnotationRecord[] }[];
}

/** Writes every annotation file and the manifest; returns their paths. */
export function writeSeasonFiles({ options, games }: SeasonFilesInput): string[] {
  const dir = options.outDir;
  const all = games.flatMap((g) => g.records);
  const files: string[] = [];
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    files.push(file);
  };
  write('annotations.csv', writeAnnotationsCsv(all));
  write('annotations.json', writeAnnotationsJson(all));
  const colors = rowColors();
  for (const g of games) write(`${g.plan.base}.xml`, writeSportscodeXml(editListRecords(g.records), { rowColors: colors }));
  const manifest = {
    generator: 'filmroom synth',
    generatorVersion: GENERATOR_VERSION,
    filmroomVersion: FILMROOM_VERSION,
    seed: options.seed,
    width: options.width,
    height: options.height,
    fps: options.fps,
    playsPerGame: options.playsPerGame,
    plays: all.length,
    playTypes: Object.fromEntries(defaultTaxonomy.playTypes.map((t) => [t.id, all.filter((r) => r.playType === t.id).length])),
    games: games.map((g) => ({
      name: g.plan.name,
      video: `${g.plan.base}.mp4`,
      editList: `${g.plan.base}.xml`,
      teams: g.plan.teams.map((t) => ({ name: t.name, color: t.color, numbers: t.numbers })),
      frames: g.frames,
      durationS: seconds(g.frames, options.fps),
      plays: g.records.length,
    })),
  };
  write('season.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return files;
}
