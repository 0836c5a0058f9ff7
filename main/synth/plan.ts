/**
 * The season on paper, before any frame is drawn: who plays whom, in which colours, which play
 * type each possession is, and its period. Play types cycle through shuffled rounds of all eleven,
 * so every class is equally represented (±1) however many plays are asked for.
 */
import { PLAY_TYPE_IDS, type SynthPlayType } from './choreography.js';
import type { Rng } from '../system/prng.js';

export interface Team {
  name: string;
  /** Jersey colour, #rrggbb. */
  color: string;
  /** Jersey numbers of the five players on the floor. */
  numbers: number[];
}

export interface PlayPlan {
  playType: SynthPlayType;
  /** 0: the home team has the ball; 1: the away team. */
  offence: 0 | 1;
  period: number;
  /** Game clock at the start of the play, "M:SS". */
  clock: string;
}

export interface GamePlan {
  /** 1-based. */
  index: number;
  /** "Game 001 (Hawks vs Owls)". */
  name: string;
  /** "game-001"; the video and edit list are this plus .mp4 / .xml. */
  base: string;
  teams: [Team, Team];
  plays: PlayPlan[];
}

/** Team names and colours chosen to stand apart from each other, the floor and the ball. */
export const TEAMS: readonly { name: string; color: string }[] = [
  { name: 'Hawks', color: '#c8102e' },
  { name: 'Owls', color: '#1d3b9a' },
  { name: 'Pines', color: '#0b7a3b' },
  { name: 'Comets', color: '#6f2da8' },
  { name: 'Gulls', color: '#f2f2f2' },
  { name: 'Herons', color: '#00a6b4' },
  { name: 'Ravens', color: '#161616' },
  { name: 'Suns', color: '#f5d000' },
];

export const PERIODS = 4;
const PERIOD_S = 12 * 60;

function rgbDistance(a: string, b: string): number {
  const c = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  return Math.hypot(c(a, 0) - c(b, 0), c(a, 1) - c(b, 1), c(a, 2) - c(b, 2));
}

/** Two teams whose jerseys are easy to tell apart. */
function pickTeams(rng: Rng): [Team, Team] {
  for (;;) {
    const [home, away] = rng.shuffle(TEAMS);
    if (rgbDistance(home!.color, away!.color) < 160) continue;
    const roster = () => rng.shuffle(Array.from({ length: 56 }, (_, n) => n)).slice(0, 5).sort((a, b) => a - b);
    return [{ ...home!, numbers: roster() }, { ...away!, numbers: roster() }];
  }
}

export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Every play type equally often over the season: a fresh shuffle of all eleven per round. */
export function balancedPlayTypes(rng: Rng, count: number): SynthPlayType[] {
  const out: SynthPlayType[] = [];
  while (out.length < count) out.push(...rng.shuffle(PLAY_TYPE_IDS));
  return out.slice(0, count);
}

export function planSeason(rng: Rng, games: number, playsPerGame: number): GamePlan[] {
  const types = balancedPlayTypes(rng.fork('play-types'), games * playsPerGame);
  return Array.from({ length: games }, (_, g) => {
    const grng = rng.fork(`game-${g + 1}`);
    const teams = pickTeams(grng);
    const id = String(g + 1).padStart(3, '0');
    // Possessions mostly alternate, as they do; now and then a team keeps the ball (a turnover, a rebound).
    let offence: 0 | 1 = grng.chance(0.5) ? 0 : 1;
    const perPeriod = Math.ceil(playsPerGame / PERIODS);
    let clock = 0;
    const plays = Array.from({ length: playsPerGame }, (_, p): PlayPlan => {
      const period = Math.min(PERIODS, Math.floor((p * PERIODS) / playsPerGame) + 1);
      const first = p === 0 || period !== Math.min(PERIODS, Math.floor(((p - 1) * PERIODS) / playsPerGame) + 1);
      clock = first ? PERIOD_S - grng.range(5, 40) : clock - grng.range(0.5, 1) * ((PERIOD_S - 40) / perPeriod);
      if (p > 0 && grng.chance(0.8)) offence = offence === 0 ? 1 : 0;
      return { playType: types[g * playsPerGame + p]!, offence, period, clock: formatClock(clock) };
    });
    return { index: g + 1, name: `Game ${id} (${teams[0].name} vs ${teams[1].name})`, base: `game-${id}`, teams, plays };
  });
}
