/**
 * The play choreographies as one pure function: (play type, rng, params) → per-frame positions of
 * the ten players and the ball in court feet. Plays are written attacking one rim (script.ts);
 * here they are turned to the basket the offence attacks and mirrored at random, and everyone is
 * kept on the floor.
 */
import { COURT } from './court.js';
import { perform } from './perform.js';
import { halfcourt, openFloor, screens } from './plays/index.js';
import type { Rng } from '../system/prng.js';
import { type PlayEventKind, Script } from './script.js';

/** The play type ids of the default taxonomy (resources/taxonomy.json), in its order. */
export const PLAY_TYPE_IDS = ['Transition', 'Isolation', 'PRBallHandler', 'PRRollman', 'Postup', 'Spotup', 'Handoff', 'Cut', 'OffScreen', 'OffRebound', 'Misc'] as const;
export type SynthPlayType = (typeof PLAY_TYPE_IDS)[number];

export const MIN_PLAY_S = 4;
export const MAX_PLAY_S = 12;

const WRITERS: Record<SynthPlayType, (s: Script) => void> = {
  Transition: openFloor.transition,
  Isolation: halfcourt.isolation,
  PRBallHandler: screens.prBallHandler,
  PRRollman: screens.prRollMan,
  Postup: halfcourt.postUp,
  Spotup: halfcourt.spotUp,
  Handoff: screens.handoff,
  Cut: halfcourt.cut,
  OffScreen: screens.offScreen,
  OffRebound: openFloor.putback,
  Misc: openFloor.misc,
};

/** A player on screen: position in court feet and the unit vector he faces. */
export interface Figure {
  x: number;
  y: number;
  fx: number;
  fy: number;
}

export interface SceneFrame {
  /** Offence 0–4, defence 5–9 (5 + i guards i). */
  players: Figure[];
  /** Court feet; h is the height above the floor in feet. */
  ball: { x: number; y: number; h: number };
  /** Who holds the ball (0–4), -1 when in the air or loose. */
  holder: number;
  /** Seconds left on the shot clock (shown on the score bug). */
  shotClock: number;
}

export interface Choreography {
  playType: SynthPlayType;
  fps: number;
  frames: SceneFrame[];
  events: { kind: PlayEventKind; frame: number; role: number }[];
  /** The offensive player (0–4) the play is credited to. */
  finisher: number;
  attackRight: boolean;
  mirrored: boolean;
}

export interface ChoreographyParams {
  fps: number;
  /** Whether the offence attacks the rim at the right end (court x = 88.75). */
  attackRight: boolean;
}

const MARGIN = 0.7; // feet: a figure's centre never gets closer than this to the lines

/** Writes the play (retrying with a fresh stream in the rare case its length falls outside 4–12 s). */
function writeScript(playType: SynthPlayType, rng: Rng): Script {
  for (let attempt = 0; attempt < 20; attempt++) {
    const script = new Script(rng.fork(`${playType}#${attempt}`));
    WRITERS[playType](script);
    if (script.duration >= MIN_PLAY_S && script.duration <= MAX_PLAY_S) return script;
    // Short plays are common (a quick layup): let the last moment play out rather than redraw.
    if (script.duration < MIN_PLAY_S) return script.end(MIN_PLAY_S + script.rng.range(0, 0.5));
  }
  throw new Error(`could not write a ${playType} play of ${MIN_PLAY_S}–${MAX_PLAY_S} s`);
}

export function choreograph(playType: SynthPlayType, rng: Rng, params: ChoreographyParams): Choreography {
  if (!(playType in WRITERS)) throw new RangeError(`unknown play type "${playType}"; expected one of ${PLAY_TYPE_IDS.join(', ')}`);
  const script = writeScript(playType, rng);
  const mirrored = rng.chance(0.5);
  const { fps, attackRight } = params;
  const rim = attackRight ? COURT.length - COURT.hoopX : COURT.hoopX;
  const dx = attackRight ? -1 : 1;
  const dy = mirrored ? -1 : 1;
  const toCourt = (p: { x: number; y: number }) => ({ x: rim + dx * p.x, y: COURT.width / 2 + dy * p.y });
  const clampX = (x: number) => Math.min(COURT.length - MARGIN, Math.max(MARGIN, x));
  const clampY = (y: number) => Math.min(COURT.width - MARGIN, Math.max(MARGIN, y));
  const resets = [...script.clockResets].sort((a, b) => a.t - b.t);

  const frames = perform(script, fps).map((f, k): SceneFrame => {
    const t = k / fps;
    const reset = resets.filter((r) => r.t <= t).at(-1);
    const clock = reset ? reset.value - (t - reset.t) : script.shotClockStart - t;
    return {
      players: f.bodies.map((b, i) => {
        const p = toCourt(b);
        return { x: clampX(p.x), y: clampY(p.y), fx: dx * f.facing[i]!.x, fy: dy * f.facing[i]!.y };
      }),
      ball: { ...toCourt(f.ball), h: f.ball.h },
      holder: f.holder,
      shotClock: Math.max(0, clock),
    };
  });
  const last = frames.length - 1;
  const events = script.events
    .map((e) => ({ kind: e.kind, frame: Math.min(last, Math.round(e.t * fps)), role: e.role }))
    .sort((a, b) => a.frame - b.frame);
  return { playType, fps, frames, events, finisher: script.finisher, attackRight, mirrored };
}
