/**
 * Named errors that cross process boundaries (IPC, WebSocket, worker) as `{name, message}`
 * and are re-created on the other side as the same class, so callers can branch on `instanceof`.
 */

export interface SerializedError {
  readonly name: string;
  readonly message: string;
}

export class FilmRoomError extends Error {
  override readonly name: string = 'FilmRoomError';
}

/** A request did not match its schema; the message names the field and what was expected. */
export class ValidationError extends FilmRoomError {
  override readonly name = 'ValidationError';
}

/** A service, method or event that the contract does not define. */
export class UnknownMethodError extends FilmRoomError {
  override readonly name = 'UnknownMethodError';
}

/** A requested record (game, play, run…) does not exist. */
export class NotFoundError extends FilmRoomError {
  override readonly name = 'NotFoundError';
}

/** The library file was written by a newer Film Room, or is not a Film Room library at all. */
export class LibraryVersionError extends FilmRoomError {
  override readonly name = 'LibraryVersionError';
}

/** The library file cannot be opened or written. */
export class LibraryAccessError extends FilmRoomError {
  override readonly name = 'LibraryAccessError';
}

/** The caller is not allowed to make this request (bad token, wrong origin, foreign sender). */
export class AccessDeniedError extends FilmRoomError {
  override readonly name = 'AccessDeniedError';
}

/** The request would duplicate or contradict something already in the library (a name in use). */
export class ConflictError extends FilmRoomError {
  override readonly name = 'ConflictError';
}

/** Long work stopped because the user asked it to. */
export class CancelledError extends FilmRoomError {
  override readonly name = 'CancelledError';
}

/** The connection to the app's main side was lost before the call finished. */
export class DisconnectedError extends FilmRoomError {
  override readonly name = 'DisconnectedError';
}

const knownErrors = {
  ValidationError,
  UnknownMethodError,
  NotFoundError,
  LibraryVersionError,
  LibraryAccessError,
  ConflictError,
  AccessDeniedError,
  CancelledError,
  DisconnectedError,
} as const satisfies Record<string, new (message: string) => FilmRoomError>;

/** Stack traces stay in the process that threw: they leak paths and help no user. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return { name: error.name || 'Error', message: error.message };
  }
  return { name: 'Error', message: String(error) };
}

export function deserializeError(serialized: SerializedError): Error {
  const Known = (knownErrors as Record<string, new (message: string) => FilmRoomError>)[serialized.name];
  if (Known) return new Known(serialized.message);
  const error = new Error(serialized.message);
  error.name = serialized.name;
  return error;
}
