import { z } from 'zod';

/**
 * The wire protocol shared by every transport (WebSocket, Electron IPC, in-memory pairs):
 * numbered calls answered by results, plus events pushed by the main side.
 */

const Name = z.string().min(1).max(64).regex(/^[A-Za-z][A-Za-z0-9]*$/, 'must be a plain identifier');

export const CallMessage = z
  .object({
    kind: z.literal('call'),
    id: z.number().int().nonnegative(),
    service: Name,
    method: Name,
    args: z.unknown(),
  })
  .strict();
export type CallMessage = z.infer<typeof CallMessage>;

export const SerializedErrorSchema = z.object({ name: z.string(), message: z.string() });

export const ResultMessage = z.union([
  z.object({ kind: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ kind: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: SerializedErrorSchema }),
]);
export type ResultMessage = z.infer<typeof ResultMessage>;

export const EventMessage = z.object({
  kind: z.literal('event'),
  service: Name,
  event: Name,
  payload: z.unknown(),
});
export type EventMessage = z.infer<typeof EventMessage>;

/** What the main side sends. */
export const ServerMessage = z.union([ResultMessage, EventMessage]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Messages larger than this are refused before parsing: no request of the contract comes near it. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
