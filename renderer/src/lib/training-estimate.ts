import type { ModelSpec } from '../../../shared/api/model-spec.js';
import type { TrainingSpeed } from '../../../shared/api/training.js';

/** How long a run would take here: features for the plays not cached, then every epoch (early stopping may end it sooner). */
export interface TrainingEstimate {
  /** Plays whose features are computed first. */
  playsToExtract: number;
  extractSeconds: number;
  epochs: number;
  /** Seconds per epoch over all the plays (training and validation games both pass through it). */
  epochSeconds: number;
  totalSeconds: number;
}

export function estimateTraining(options: { plays: number; cachedClips: number; spec: ModelSpec; speed: TrainingSpeed }): TrainingEstimate {
  const { plays, cachedClips, spec, speed } = options;
  const frames = spec.backbone.frames ?? 40;
  const playsToExtract = Math.max(0, plays - cachedClips);
  const extractSeconds = playsToExtract * frames * speed.extractSecondsPerFrame;
  // The held-out games are only predicted once at the end; training and validation games run every epoch.
  const epochSeconds = plays * (1 - spec.heldOutFraction) * speed.trainSecondsPerClip;
  const totalSeconds = extractSeconds + spec.epochs * epochSeconds;
  return { playsToExtract, extractSeconds, epochs: spec.epochs, epochSeconds, totalSeconds };
}

/** "under a minute", "about 4 min", "about 2 h 10 min": an estimate never claims more precision than it has. */
export function aboutDuration(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = Math.round((minutes - hours * 60) / 10) * 10;
  return rest === 0 || rest === 60 ? `about ${rest === 60 ? hours + 1 : hours} h` : `about ${hours} h ${rest} min`;
}
