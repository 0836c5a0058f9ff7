/**
 * What the head reads of a clip: its T frame-feature vectors as they are, or averaged into equal
 * segments (frames ⌊kT/S⌋ … ⌊(k+1)T/S⌋ − 1 form segment k), each optionally followed by its
 * difference from the previous step (zero for the first), so motion is explicit.
 *
 * Motion energy (`motion`): per feature, the mean absolute frame-to-frame change |x_t − x_{t−1}|
 * over the frames t ≥ 1 of the step (zero for a step made of frame 0 alone). Taken on the T frames
 * before averaging, it says where something moved inside the step, whichever way it moved; a signed
 * delta of segment means cancels when a player crosses a cell and comes back. With a fixed camera
 * background and court colours it is also what stays the same from one game to the next, so a head
 * fed only motion ('only') has less to memorise about the games it was trained on.
 */
export type MotionInput = 'none' | 'append' | 'only';

export interface TemporalInput {
  /** 0: every frame. */
  segments: number;
  deltas: boolean;
  /** 'append': each step also carries its motion energy; 'only': the step is its motion energy alone. Default 'none'. */
  motion?: MotionInput;
}

export interface ShapedClips {
  x: Float32Array;
  frames: number;
  dim: number;
}

/** How many feature blocks of `dim` a step holds, in order: [stills] [signed delta] [motion]. */
function blocks(input: TemporalInput): { stills: boolean; deltas: boolean; motion: boolean } {
  const motion = input.motion ?? 'none';
  const stills = motion !== 'only';
  return { stills, deltas: stills && input.deltas, motion: motion !== 'none' };
}

/** The steps and features per step the head sees for clips of `frames × dim`. */
export function temporalShape(frames: number, dim: number, input: TemporalInput): { frames: number; dim: number } {
  if (input.segments > frames) throw new RangeError(`segments must be at most the clip's ${frames} frames, got ${input.segments}`);
  const b = blocks(input);
  const per = Number(b.stills) + Number(b.deltas) + Number(b.motion);
  return { frames: input.segments > 0 ? input.segments : frames, dim: per * dim };
}

/** `count` clips of [frames × dim] (row-major) reshaped as the head reads them. */
export function shapeTemporalInput(x: Float32Array, frames: number, dim: number, input: TemporalInput): ShapedClips {
  const shape = temporalShape(frames, dim, input);
  const b = blocks(input);
  if (input.segments === 0 && !b.deltas && !b.motion) return { x, ...shape };
  const count = x.length / (frames * dim);
  if (!Number.isInteger(count)) throw new RangeError(`x holds ${x.length} values, not a whole number of ${frames} × ${dim} clips`);
  const steps = shape.frames;
  const out = new Float32Array(count * steps * shape.dim);
  const step = new Float32Array(dim);
  const previous = new Float32Array(dim);
  const energy = new Float32Array(dim);
  for (let c = 0; c < count; c++) {
    for (let k = 0; k < steps; k++) {
      const t0 = input.segments > 0 ? Math.floor((k * frames) / steps) : k;
      const t1 = input.segments > 0 ? Math.floor(((k + 1) * frames) / steps) : k + 1;
      step.fill(0);
      for (let t = t0; t < t1; t++) {
        const base = (c * frames + t) * dim;
        for (let d = 0; d < dim; d++) step[d]! += x[base + d]! / (t1 - t0);
      }
      let at = (c * steps + k) * shape.dim;
      if (b.stills) {
        out.set(step, at);
        at += dim;
      }
      if (b.deltas) {
        if (k > 0) for (let d = 0; d < dim; d++) out[at + d] = step[d]! - previous[d]!;
        previous.set(step);
        at += dim;
      }
      if (b.motion) {
        energy.fill(0);
        const from = Math.max(1, t0);
        for (let t = from; t < t1; t++) {
          const base = (c * frames + t) * dim;
          for (let d = 0; d < dim; d++) energy[d]! += Math.abs(x[base + d]! - x[base - dim + d]!) / (t1 - from);
        }
        out.set(energy, at);
      }
    }
  }
  return { x: out, ...shape };
}
