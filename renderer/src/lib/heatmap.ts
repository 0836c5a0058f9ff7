/**
 * Turning the Features view's byte maps (0–255 per cell, row-major) into pixels: a perceptual colour
 * ramp, nearest-neighbour upscaling and a 50% blend over the frame. Pure functions on typed arrays,
 * so the canvas components only put the result on screen and the numbers are unit-tested.
 */

export type Rgb = readonly [number, number, number];

/**
 * Inferno (matplotlib's perceptually uniform map) sampled at 0, 0.1, …, 1. Lightness rises
 * steadily from black to pale yellow, so a stronger activation always reads as brighter, also in
 * greyscale and for the common colour-vision deficiencies; a rainbow ramp would invent edges.
 */
export const INFERNO: readonly Rgb[] = [
  [0, 0, 4],
  [22, 11, 57],
  [66, 10, 104],
  [106, 23, 110],
  [147, 38, 103],
  [188, 55, 84],
  [221, 81, 58],
  [243, 120, 25],
  [252, 165, 10],
  [246, 215, 70],
  [252, 255, 164],
];

/** The ramp's colour for a byte value (0 = the first stop, 255 = the last), linear between stops. */
export function rampColor(value: number, stops: readonly Rgb[] = INFERNO): Rgb {
  if (stops.length < 2) throw new RangeError(`a colour ramp needs at least 2 stops, got ${stops.length}`);
  const clamped = Math.min(255, Math.max(0, Number.isFinite(value) ? value : 0));
  const position = (clamped / 255) * (stops.length - 1);
  const index = Math.min(stops.length - 2, Math.floor(position));
  const fraction = position - index;
  const [r0, g0, b0] = stops[index]!;
  const [r1, g1, b1] = stops[index + 1]!;
  return [
    Math.round(r0 + (r1 - r0) * fraction),
    Math.round(g0 + (g1 - g0) * fraction),
    Math.round(b0 + (b1 - b0) * fraction),
  ];
}

/** The ramp for every byte, as 256 RGB triples: colouring a map is then one lookup per cell. */
export function colorTable(stops: readonly Rgb[] = INFERNO): Uint8Array {
  const table = new Uint8Array(256 * 3);
  for (let v = 0; v < 256; v++) table.set(rampColor(v, stops), v * 3);
  return table;
}

const INFERNO_TABLE = colorTable(INFERNO);

function checkLength(what: string, bytes: Uint8Array, expected: number, shape: string): void {
  if (bytes.length !== expected) throw new RangeError(`${what} must be ${shape} = ${expected} bytes, got ${bytes.length}`);
}

/** A width×height byte map as opaque RGBA pixels through the colour table (ImageData's layout). */
export function heatmapPixels(map: Uint8Array, width: number, height: number, table: Uint8Array = INFERNO_TABLE): Uint8ClampedArray<ArrayBuffer> {
  checkLength('the map', map, width * height, `${width} × ${height}`);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < map.length; i++) {
    const t = map[i]! * 3;
    out[i * 4] = table[t]!;
    out[i * 4 + 1] = table[t + 1]!;
    out[i * 4 + 2] = table[t + 2]!;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** An S×S RGB frame as opaque RGBA pixels. */
export function framePixels(rgb: Uint8Array, size: number): Uint8ClampedArray<ArrayBuffer> {
  checkLength('the frame', rgb, size * size * 3, `${size} × ${size} × 3`);
  const out = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    out[i * 4] = rgb[i * 3]!;
    out[i * 4 + 1] = rgb[i * 3 + 1]!;
    out[i * 4 + 2] = rgb[i * 3 + 2]!;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/**
 * A map scaled to width×height by nearest neighbour: each output cell copies the map cell it falls
 * in. No smoothing on purpose: a 7×7 block-5 map is 49 numbers, and blurring it would show detail
 * the network does not have.
 */
export function upscaleNearest(map: Uint8Array, width: number, height: number, toWidth: number, toHeight: number): Uint8Array {
  checkLength('the map', map, width * height, `${width} × ${height}`);
  const out = new Uint8Array(toWidth * toHeight);
  for (let y = 0; y < toHeight; y++) {
    const row = Math.floor((y * height) / toHeight) * width;
    for (let x = 0; x < toWidth; x++) out[y * toWidth + x] = map[row + Math.floor((x * width) / toWidth)]!;
  }
  return out;
}

/**
 * The map over the frame, as S×S RGBA: each pixel is (1 − opacity) × frame + opacity × heat colour,
 * rounded. Where a block fires shows on the picture itself.
 */
export function overlayPixels(
  rgb: Uint8Array,
  size: number,
  map: Uint8Array,
  width: number,
  height: number,
  opacity = 0.5,
  table: Uint8Array = INFERNO_TABLE,
): Uint8ClampedArray<ArrayBuffer> {
  if (!(opacity >= 0 && opacity <= 1)) throw new RangeError(`opacity must be from 0 to 1, got ${opacity}`);
  const frame = framePixels(rgb, size);
  const heat = heatmapPixels(upscaleNearest(map, width, height, size, size), size, size, table);
  for (let i = 0; i < frame.length; i++) {
    if (i % 4 !== 3) frame[i] = Math.round(frame[i]! * (1 - opacity) + heat[i]! * opacity);
  }
  return frame;
}

/** The ramp as a CSS gradient, left to right, for the legend beside the maps. */
export function cssGradient(stops: readonly Rgb[] = INFERNO): string {
  const last = stops.length - 1;
  const parts = stops.map(([r, g, b], i) => `rgb(${r} ${g} ${b}) ${Math.round((i / Math.max(1, last)) * 100)}%`);
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

/** Base64 (as the features API sends maps and frames) to bytes. */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
