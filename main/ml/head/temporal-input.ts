/**
 * What the head reads of a clip: its T frame-feature vectors as they are, or averaged into equal
 * segments (frames ⌊kT/S⌋ … ⌊(k+1)T/S⌋ − 1 form segment k), each optionally followed by its
 * difference from the previous step (zero for the first), so motion is explicit.
 */
export interface TemporalInput {
  /** 0: every frame. */
  segments: number;
  deltas: boolean;
}

export interface ShapedClips {
  x: Float32Array;
  frames: number;
  dim: number;
}

/** The steps and features per step the head sees for clips of `frames × dim`. */
export function temporalShape(frames: number, dim: number, input: TemporalInput): { frames: number; dim: number } {
  if (input.segments > frames) throw new RangeError(`segments must be at most the clip's ${frames} frames, got ${input.segments}`);
  return { frames: input.segments > 0 ? input.segments : frames, dim: input.deltas ? 2 * dim : dim };
}

/** `count` clips of [frames × dim] (row-major) reshaped as the head reads them. */
export function shapeTemporalInput(x: Float32Array, frames: number, dim: number, input: TemporalInput): ShapedClips {
  const shape = temporalShape(frames, dim, input);
  if (input.segments === 0 && !input.deltas) return { x, ...shape };
  const count = x.length / (frames * dim);
  if (!Number.isInteger(count)) throw new RangeError(`x holds ${x.length} values, not a whole number of ${frames} × ${dim} clips`);
  const steps = shape.frames;
  const out = new Float32Array(count * steps * shape.dim);
  const step = new Float32Array(dim);
  const previous = new Float32Array(dim);
  for (let c = 0; c < count; c++) {
    for (let k = 0; k < steps; k++) {
      const t0 = input.segments > 0 ? Math.floor((k * frames) / steps) : k;
      const t1 = input.segments > 0 ? Math.floor(((k + 1) * frames) / steps) : k + 1;
      step.fill(0);
      for (let t = t0; t < t1; t++) {
        const base = (c * frames + t) * dim;
        for (let d = 0; d < dim; d++) step[d]! += x[base + d]! / (t1 - t0);
      }
      const at = (c * steps + k) * shape.dim;
      out.set(step, at);
      if (input.deltas) {
        if (k > 0) for (let d = 0; d < dim; d++) out[at + dim + d] = step[d]! - previous[d]!;
        previous.set(step);
      }
    }
  }
  return { x: out, ...shape };
}
