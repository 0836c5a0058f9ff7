/**
 * ONNX messages encoded with ProtoWriter. Field numbers from onnx/onnx.proto (proto2):
 *   ModelProto         ir_version 1, producer_name 2, producer_version 3, doc_string 6, graph 7, opset_import 8
 *   OperatorSetIdProto domain 1, version 2
 *   GraphProto         node 1, name 2, initializer 5, input 11, output 12
 *   NodeProto          input 1, output 2, name 3, op_type 4, attribute 5, domain 7
 *   AttributeProto     name 1, f 2, i 3, s 4, ints 8, type 20 (FLOAT 1, INT 2, STRING 3, INTS 7)
 *   TensorProto        dims 1, data_type 2, name 8, raw_data 9 (FLOAT 1, UINT8 2, INT64 7)
 *   ValueInfoProto     name 1, type 2
 *   TypeProto          tensor_type 1 → Tensor: elem_type 1, shape 2 → TensorShapeProto: dim 1 →
 *                      Dimension: dim_value 1, dim_param 2
 * `repeated int64` fields that onnx.proto does not declare packed (dims, ints) are written unpacked.
 */
import { float32Bytes, ProtoWriter } from './protobuf.js';

/** IR version 8 (2021): understood by every ONNX Runtime since 1.10; opset 13 needs IR ≥ 7. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 13;

export const DataType = { FLOAT: 1, UINT8: 2, INT64: 7 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7 } as const;

export type AttributeValue = number | string | readonly number[] | { readonly float: number };

export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  /** Integers are INT, arrays INTS, strings STRING, `{ float }` FLOAT. */
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | BigInt64Array | Uint8Array;
}

/** A graph input or output: a tensor of `type` whose dims are sizes or symbolic names. */
export interface OnnxValueInfo {
  readonly name: string;
  readonly type: DataTypeCode;
  readonly dims: readonly (number | string)[];
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

export interface OnnxModelOptions {
  readonly producerName?: string;
  readonly producerVersion?: string;
  readonly docString?: string;
  readonly opset?: number;
}

/** The serialized ModelProto, ready for `InferenceSession.create(bytes)`. */
export function encodeModel(graph: OnnxGraph, options: OnnxModelOptions = {}): Uint8Array {
  const model = new ProtoWriter().varint(1, ONNX_IR_VERSION);
  model.string(2, options.producerName ?? 'filmroom');
  if (options.producerVersion) model.string(3, options.producerVersion);
  if (options.docString) model.string(6, options.docString);
  model.message(7, encodeGraph(graph));
  model.message(8, new ProtoWriter().string(1, '').varint(2, options.opset ?? ONNX_OPSET));
  return model.finish();
}

export function encodeGraph(graph: OnnxGraph): ProtoWriter {
  const w = new ProtoWriter();
  for (const node of graph.nodes) w.message(1, encodeNode(node));
  w.string(2, graph.name);
  for (const tensor of graph.initializers) w.message(5, encodeTensor(tensor));
  for (const input of graph.inputs) w.message(11, encodeValueInfo(input));
  for (const output of graph.outputs) w.message(12, encodeValueInfo(output));
  return w;
}

export function encodeNode(node: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  if (node.name) w.string(3, node.name);
  w.string(4, node.op);
  for (const [name, value] of Object.entries(node.attributes ?? {})) w.message(5, encodeAttribute(name, value));
  return w;
}

export function encodeAttribute(name: string, value: AttributeValue): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if (typeof value === 'string') return w.string(4, value).varint(20, AttributeType.STRING);
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new RangeError(`attribute ${name}: ${value} is not an integer; pass { float: ${value} } for a FLOAT`);
    return w.varint(3, value).varint(20, AttributeType.INT);
  }
  if ('float' in value) return w.float(2, value.float).varint(20, AttributeType.FLOAT);
  for (const v of value) w.varint(8, v);
  return w.varint(20, AttributeType.INTS);
}

export function encodeTensor(tensor: OnnxTensor): ProtoWriter {
  const elements = tensor.dims.reduce((a, b) => a * b, 1);
  if (tensor.data.length !== elements) {
    throw new RangeError(`tensor ${tensor.name}: dims [${tensor.dims.join(', ')}] need ${elements} values, got ${tensor.data.length}`);
  }
  const w = new ProtoWriter();
  for (const d of tensor.dims) w.varint(1, d);
  const { type, bytes } = tensorBytes(tensor.data);
  w.varint(2, type).string(8, tensor.name).bytes(9, bytes);
  return w;
}

function tensorBytes(data: OnnxTensor['data']): { type: DataTypeCode; bytes: Uint8Array } {
  if (data instanceof Float32Array) return { type: DataType.FLOAT, bytes: float32Bytes(data) };
  if (data instanceof Uint8Array) return { type: DataType.UINT8, bytes: data };
  const bytes = new Uint8Array(data.length * 8);
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => view.setBigInt64(i * 8, v, true));
  return { type: DataType.INT64, bytes };
}

export function encodeValueInfo(info: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of info.dims) shape.message(1, typeof d === 'number' ? new ProtoWriter().varint(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().varint(1, info.type).message(2, shape);
  return new ProtoWriter().string(1, info.name).message(2, new ProtoWriter().message(1, tensorType));
}

/** An int64 initializer from plain numbers (shapes, axes, slice bounds). */
export function int64Tensor(name: string, values: readonly number[]): OnnxTensor {
  return { name, dims: [values.length], data: BigInt64Array.from(values, (v) => BigInt(v)) };
}
