/**
 * A minimal protocol-buffers writer: just what an ONNX model needs (varints, fixed32 floats,
 * length-delimited bytes/strings/sub-messages, packed repeated scalars). Wire format:
 *   tag      = varint((field << 3) | wireType)      wireType 0 varint, 2 length-delimited, 5 fixed32
 *   varint   = 7 bits per byte, least significant group first, high bit set on all but the last;
 *              negative int64 values are written as their 64-bit two's complement (10 bytes).
 *   bytes    = tag, varint(length), the bytes.
 * Big payloads (tensor data) are kept as references and copied once, by `finish()`.
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

/** Payloads at least this long are referenced rather than copied into the small-byte buffer. */
const BIG_CHUNK = 256;

const textEncoder = new TextEncoder();
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private small: number[] = [];
  private total = 0;

  /** The encoded length so far, in bytes. */
  get length(): number {
    return this.total + this.small.length;
  }

  /** A varint field (int32, int64, uint64, enum, bool). */
  varint(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.rawVarint(value);
    return this;
  }

  /** A float field (fixed32, little-endian IEEE 754). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const bytes = new Uint8Array(new Float32Array([value]).buffer);
    if (!littleEndian) bytes.reverse();
    for (const b of bytes) this.small.push(b);
    return this;
  }

  /** A length-delimited bytes field. The array is referenced, not copied, until `finish()`. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawVarint(value.length);
    this.append(value);
    return this;
  }

  /** A string field, UTF-8 encoded. */
  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  /** An embedded message field: `message`'s bytes, referenced, behind a tag and its length. */
  message(field: number, message: ProtoWriter): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawVarint(message.length);
    message.flush();
    for (const chunk of message.chunks) this.append(chunk);
    return this;
  }

  /** A packed repeated float field: one length-delimited run of little-endian float32 values. */
  packedFloats(field: number, values: Float32Array | readonly number[]): this {
    const floats = values instanceof Float32Array ? values : Float32Array.from(values);
    return this.bytes(field, float32Bytes(floats));
  }

  /** A packed repeated varint field. */
  packedVarints(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.rawVarint(v);
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawVarint(inner.length);
    inner.flush();
    for (const chunk of inner.chunks) this.append(chunk);
    return this;
  }

  /** The whole encoding as one new array. */
  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.total);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private tag(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 0x1fffffff) throw new RangeError(`field number must be an integer in [1, 2^29), got ${field}`);
    this.rawVarint(field * 8 + wireType);
  }

  private rawVarint(value: number | bigint): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new RangeError(`varint must be a safe integer, got ${value}`);
      if (value >= 0) {
        let v = value;
        while (v >= 0x80) {
          this.small.push((v % 0x80) | 0x80);
          v = Math.floor(v / 0x80);
        }
        this.small.push(v);
        return;
      }
    }
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.small.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.small.push(Number(v));
  }

  private append(bytes: Uint8Array): void {
    if (bytes.length < BIG_CHUNK) {
      for (const b of bytes) this.small.push(b);
      return;
    }
    this.flush();
    this.chunks.push(bytes);
    this.total += bytes.length;
  }

  private flush(): void {
    if (this.small.length === 0) return;
    this.chunks.push(Uint8Array.from(this.small));
    this.total += this.small.length;
    this.small = [];
  }
}

/** The little-endian bytes of a float32 array (a view when the platform is little-endian). */
export function float32Bytes(values: Float32Array): Uint8Array {
  const view = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (littleEndian) return view;
  const swapped = new Uint8Array(view.length);
  for (let i = 0; i < view.length; i += 4) for (let k = 0; k < 4; k++) swapped[i + k] = view[i + 3 - k]!;
  return swapped;
}
