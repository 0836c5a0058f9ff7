/**
 * One game as a sequence of frames: a dead ball, a play, a dead ball, a play, … Players are put in
 * a fixed order (home 0–4, then away 0–4) whoever has the ball, so each one walks continuously from
 * one play into the next. Pure and cheap: the whole game is planned before a pixel is drawn, so the
 * annotation times are known exactly.
 */
import { type SceneFrame, choreograph } from './choreography.js';
import { deadBall, deadBallFrames } from './dead-ball.js';
import type { GamePlan, PlayPlan } from './plan.js';
import type { Rng } from '../system/prng.js';

export interface GameFrame extends SceneFrame {
  /** Which team has the ball: 0 home, 1 away (the first five figures are always the home team). */
  offence: 0 | 1;
  /** The first frame after a cut in a dead ball (see dead-ball.ts): the camera jumps with it. */
  cut?: boolean;
}

export interface TimedPlay {
  plan: PlayPlan;
  /** First frame of the play, and the frame after its last. */
  startFrame: number;
  endFrame: number;
  /** Jersey number of the offensive player credited with the play. */
  finisherNumber: number;
}

export interface GameTimeline {
  fps: number;
  frames: GameFrame[];
  plays: TimedPlay[];
}

/** Home attacks the right-hand rim in the first half and the left one in the second; away the opposite. */
export function attacksRight(offence: 0 | 1, period: number): boolean {
  return (offence === 0) === period <= 2;
}

/** Reorders a play's frame (offence first) into identity order (home first). */
function toIdentityOrder(frame: SceneFrame, offence: 0 | 1): GameFrame {
  const players = offence === 0 ? frame.players : [...frame.players.slice(5), ...frame.players.slice(0, 5)];
  const holder = frame.holder < 0 ? -1 : frame.holder + (offence === 0 ? 0 : 5);
  return { ...frame, players, holder, offence };
}

/** Players drift a few feet from where they stand: the walk-on before the first play. */
function scatter(frame: GameFrame, rng: Rng): GameFrame {
  return {
    ...frame,
    players: frame.players.map((p) => ({ ...p, x: p.x + rng.range(-8, 8), y: Math.min(48, Math.max(2, p.y + rng.range(-6, 6))) })),
    ball: { ...frame.ball, x: frame.ball.x + rng.range(-6, 6) },
  };
}

export function buildGameTimeline(game: GamePlan, rng: Rng, fps: number): GameTimeline {
  const frames: GameFrame[] = [];
  const plays: TimedPlay[] = [];
  game.plays.forEach((plan, p) => {
    const prng = rng.fork(`play-${p + 1}`);
    const play = choreograph(plan.playType, prng, { fps, attackRight: attacksRight(plan.offence, plan.period) });
    const body = play.frames.map((f) => toIdentityOrder(f, plan.offence));
    const first = body[0]!;
    const previous = frames.at(-1) ?? scatter(first, prng);
    const gap = p === 0 ? Math.round(prng.range(1.5, 2.5) * fps) : deadBallFrames(previous, first, fps, prng);
    const offence = frames.at(-1)?.offence ?? plan.offence;
    for (const f of deadBall(previous, first, gap, fps, prng)) frames.push({ ...f, offence });
    const startFrame = frames.length;
    frames.push(...body);
    const team = game.teams[plan.offence];
    plays.push({ plan, startFrame, endFrame: frames.length, finisherNumber: team.numbers[play.finisher]! });
  });
  // A little tail, so the last play does not end on the video's last frame.
  const last = frames.at(-1);
  if (last) {
    const trng = rng.fork('tail');
    const tail = Math.round(trng.range(1, 1.6) * fps);
    for (const f of deadBall(last, scatter(last, trng), tail, fps, trng)) frames.push({ ...f, offence: last.offence });
  }
  return { fps, frames, plays };
}
