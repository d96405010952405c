import {
  CLIENT_OPS,
  ClientFrame,
  type ControlFrame,
  type ErrorFrame,
  MAX_ROOMS_PER_REQUEST,
  RequestId,
  type ServerLimits,
  type StreamErrorCode,
} from '@bourse/core';
import Type from 'typebox';
import { Compile } from 'typebox/compile';

/**
 * The WebSocket protocol of /ws: JSON text frames whose schemas are in `@bourse/core`
 * (ClientFrame, ControlFrame, DataFrame). Bad input gets an error frame; the connection goes on.
 */

/** Stable codes of error frames. */
export type ErrorCode = StreamErrorCode;

/** WebSocket close codes the server uses. */
export const CLOSE = {
  /** server shutting down */
  goingAway: 1001,
  /** policy violation: the client kept sending past its rate limit */
  policy: 1008,
  /** try again later: the client reads too slowly and its send queue overflowed */
  tryAgainLater: 1013,
} as const;

/** What each connection is promised; announced in the welcome frame. */
export type StreamLimits = ServerLimits;

export interface StreamOptions extends StreamLimits {
  /** Connections this instance accepts; past it new ones are closed with 1013. */
  readonly maxConnections: number;
  /** Bytes the socket may hold unsent before frames wait in the connection's own queue (where quotes and bars conflate). */
  readonly socketHighWaterBytes: number;
  /** How often the general room's market summary is published. */
  readonly summaryEveryMs: number;
  /** How often this instance publishes its status on the bus for the others' status endpoints. */
  readonly statusEveryMs: number;
  /** How long a closing connection may take to read its close frame before it is cut. */
  readonly closeGraceMs: number;
}

export const DEFAULT_OPTIONS: StreamOptions = {
  maxRooms: 100,
  messagesPerSecond: 20,
  burst: 40,
  maxRateViolations: 20,
  maxMessageBytes: 16 * 1024,
  heartbeatMs: 15_000,
  maxQueuedFrames: 2_000,
  maxQueuedBytes: 4 * 1024 * 1024,
  maxConnections: 50_000,
  socketHighWaterBytes: 256 * 1024,
  summaryEveryMs: 1_000,
  statusEveryMs: 2_000,
  closeGraceMs: 2_000,
};

/** A client message, valid, with its rooms de-duplicated. */
export type ClientOp = ClientFrame;

export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly id?: RequestId,
  ) {
    super(message);
  }
}

const checkFrame = Compile(ClientFrame);
/** What is checked before the op, so that the answer names what is wrong first: the shape, then the id. */
const checkObject = Compile(Type.Object({}));
const checkId = Compile(RequestId);
const knownOps: ReadonlySet<unknown> = new Set(CLIENT_OPS);

/** Parse one client text frame; throws ProtocolError with the code to answer. */
export function parseClientMessage(text: string): ClientOp {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProtocolError('bad_json', 'message is not valid JSON');
  }
  if (checkFrame.Check(value)) {
    // Only what the protocol defines goes on: fields a newer client adds are ignored.
    const id = value.id === undefined ? {} : { id: value.id };
    return value.op === 'ping' ? { op: 'ping', ...id } : { op: value.op, rooms: [...new Set(value.rooms)], ...id };
  }
  if (!checkObject.Check(value)) throw new ProtocolError('bad_request', 'message must be a JSON object with an "op"');
  const { op, id } = value as { op?: unknown; id?: unknown };
  if (id !== undefined && !checkId.Check(id)) throw new ProtocolError('bad_request', '"id" must be a string or a number');
  const answered = id as RequestId | undefined;
  if (!knownOps.has(op)) {
    throw new ProtocolError(
      'unknown_op',
      typeof op === 'string' ? `unknown op "${op.slice(0, 40)}"` : 'message must have an "op" string',
      answered,
    );
  }
  // A known op that does not match its schema: only subscribe and unsubscribe have more than an id.
  throw new ProtocolError('bad_request', `"rooms" must be an array of 1 to ${MAX_ROOMS_PER_REQUEST} room names`, answered);
}

/** JSON text of a control frame (welcome, acks, pong). Data frames are built by the rooms, once per update for every member. */
export function controlFrame(frame: ControlFrame): string {
  return JSON.stringify(frame);
}

export function errorFrame(code: ErrorCode, message: string, extra: { id?: RequestId | undefined; room?: string } = {}): string {
  const frame: ErrorFrame = { type: 'error', code, message };
  if (extra.id !== undefined) frame.id = extra.id;
  if (extra.room !== undefined) frame.room = extra.room;
  return JSON.stringify(frame);
}
