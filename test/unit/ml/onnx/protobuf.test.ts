import { describe, expect, it } from 'vitest';
import { DataType, encodeAttribute, encodeValueInfo } from '../../../../main/ml/onnx/onnx-proto.js';
import { ProtoWriter } from '../../../../main/ml/onnx/protobuf.js';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

// Expected bytes worked by hand from the wire format (tag = field << 3 | wire type; varints 7 bits
// per byte, low group first); the first four are the examples of the protobuf encoding guide.
describe('ProtoWriter', () => {
  it('writes varint fields', () => {
    expect(hex(new ProtoWriter().varint(1, 150).finish())).toBe('08 96 01');
    expect(hex(new ProtoWriter().varint(1, 300).finish())).toBe('08 ac 02');
    expect(hex(new ProtoWriter().varint(2, 0).finish())).toBe('10 00');
    // 2^35 + 1: beyond 32 bits, still a safe integer.
    expect(hex(new ProtoWriter().varint(1, 2 ** 35 + 1).finish())).toBe('08 81 80 80 80 80 01');
  });

  it('writes negative int64 as 10-byte two’s complement', () => {
    expect(hex(new ProtoWriter().varint(3, -1).finish())).toBe('18 ff ff ff ff ff ff ff ff ff 01');
    expect(hex(new ProtoWriter().varint(3, -2n).finish())).toBe('18 fe ff ff ff ff ff ff ff ff 01');
  });

  it('writes strings, bytes and embedded messages with their length', () => {
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('12 07 74 65 73 74 69 6e 67');
    expect(hex(new ProtoWriter().message(3, new ProtoWriter().varint(1, 150)).finish())).toBe('1a 03 08 96 01');
    expect(hex(new ProtoWriter().bytes(1, new Uint8Array([])).finish())).toBe('0a 00');
  });

  it('writes fixed32 floats and packed repeated fields', () => {
    expect(hex(new ProtoWriter().float(2, 1.5).finish())).toBe('15 00 00 c0 3f');
    expect(hex(new ProtoWriter().packedFloats(4, [1, -2]).finish())).toBe('22 08 00 00 80 3f 00 00 00 c0');
    expect(hex(new ProtoWriter().packedVarints(4, [3, 270, 86942]).finish())).toBe('22 06 03 8e 02 9e a7 05');
  });

  it('keeps big payloads in order around small fields', () => {
    const big = Uint8Array.from({ length: 300 }, (_, i) => i % 251);
    const inner = new ProtoWriter().varint(1, 7).bytes(2, big).varint(3, 9);
    const out = new ProtoWriter().message(5, inner).varint(6, 1).finish();
    // 2a, varint(2 + 3 + 300 + 2 = 307) = b3 02, then 08 07, 12 ac 02, the 300 bytes, 18 09, then 30 01.
    expect(out.length).toBe(3 + 307 + 2);
    expect(hex(out.subarray(0, 10))).toBe('2a b3 02 08 07 12 ac 02 00 01');
    expect(Array.from(out.subarray(8, 308))).toEqual(Array.from(big));
    expect(hex(out.subarray(308))).toBe('18 09 30 01');
  });

  it('rejects field numbers and values it cannot encode', () => {
    expect(() => new ProtoWriter().varint(0, 1)).toThrow(/field number/);
    expect(() => new ProtoWriter().varint(1, 1.5)).toThrow(/safe integer/);
  });
});

describe('ONNX messages', () => {
  it('encodes an INT attribute: name 1, i 3, type 20 (INT = 2)', () => {
    expect(hex(encodeAttribute('axis', 1).finish())).toBe('0a 04 61 78 69 73 18 01 a0 01 02');
  });

  it('encodes INTS unpacked and FLOAT as fixed32', () => {
    expect(hex(encodeAttribute('p', [0, 3]).finish())).toBe('0a 01 70 40 00 40 03 a0 01 07');
    expect(hex(encodeAttribute('a', { float: 0.5 }).finish())).toBe('0a 01 61 15 00 00 00 3f a0 01 01');
  });

  it('encodes a value info with a symbolic and a fixed dimension', () => {
    // ValueInfo{name 'x', type: TypeProto{tensor_type: {elem_type 1, shape: {dim {dim_param 'N'}, dim {dim_value 3}}}}}
    expect(hex(encodeValueInfo({ name: 'x', type: DataType.FLOAT, dims: ['N', 3] }).finish()))
      .toBe('0a 01 78 12 0f 0a 0d 08 01 12 09 0a 03 12 01 4e 0a 02 08 03');
  });
});
