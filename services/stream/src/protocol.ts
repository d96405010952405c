/**
 * The WebSocket protocol of /ws: JSON text frames.
 *
 * Client -> server: {"op":"subscribe","rooms":[...],"id"?}, {"op":"unsubscribe","rooms":[...],"id"?}, {"op":"ping","id"?}.
 * Server -> client: welcome, subscribed/unsubscribed acks, data frames {"room","type","seq","data","snapshot"?},
 * heartbeat, pong and error frames. Bad input gets an error frame; the connection goes on.
 */

/** Stable codes of error frames. */
export type ErrorCode =
  | 'bad_json'
  | 'bad_request'
  | 'unknown_op'
  | 'unknown_room'
  | 'unknown_symbol'
  | 'too_many_rooms'
  | 'rate_limited'
  | 'unavailable';

/** WebSocket close codes the server uses. */
export const CLOSE = {
  /** server shutting down */
  goingAway: 1001,
  /** policy violation: the client kept sending past its rate limit */
  policy: 1008,
  /** try again later: the client reads too slowly and its send queue overflowed */
  tryAgainLater: 1013,
} as const;

export interface StreamLimits {
  /** Rooms one connection may be in at once. */
  readonly maxRooms: number;
  /** Client messages per second allowed on average ... */
  readonly messagesPerSecond: number;
  /** ... with bursts up to this many. */
  readonly burst: number;
  /** Messages refused by the rate limit before the connection is closed with 1008. */
  readonly maxRateViolations: number;
  /** Largest client message in bytes (larger: closed by the WebSocket layer with 1009). */
  readonly maxMessageBytes: number;
  /** Heartbeat and ping period; a client that has not answered the previous ping by then is closed. */
  readonly heartbeatMs: number;
  /** Frames waiting in a connection's send queue before it is closed with 1013 ... */
  readonly maxQueuedFrames: number;
  /** ... or bytes. */
  readonly maxQueuedBytes: number;
}

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

export type ClientOp =
  | { op: 'subscribe'; rooms: string[]; id?: string | number }
  | { op: 'unsubscribe'; rooms: string[]; id?: string | number }
  | { op: 'ping'; id?: string | number };

export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly id?: string | number,
  ) {
    super(message);
  }
}

const MAX_ROOMS_PER_REQUEST = 200;

/** Parse one client text frame; throws ProtocolError with the code to answer. */
export function parseClientMessage(text: string): ClientOp {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProtocolError('bad_json', 'message is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError('bad_request', 'message must be a JSON object with an "op"');
  }
  const msg = value as Record<string, unknown>;
  const id = typeof msg.id === 'string' || typeof msg.id === 'number' ? msg.id : undefined;
  if (msg.id !== undefined && id === undefined) throw new ProtocolError('bad_request', '"id" must be a string or a number');
  switch (msg.op) {
    case 'ping':
      return id === undefined ? { op: 'ping' } : { op: 'ping', id };
    case 'subscribe':
    case 'unsubscribe': {
      const rooms = msg.rooms;
      if (
        !Array.isArray(rooms) ||
        rooms.length === 0 ||
        rooms.length > MAX_ROOMS_PER_REQUEST ||
        !rooms.every((r) => typeof r === 'string')
      ) {
        throw new ProtocolError('bad_request', `"rooms" must be an array of 1 to ${MAX_ROOMS_PER_REQUEST} room names`, id);
      }
      const unique = [...new Set(rooms as string[])];
      return id === undefined ? { op: msg.op, rooms: unique } : { op: msg.op, rooms: unique, id };
    }
    default:
      throw new ProtocolError(
        'unknown_op',
        typeof msg.op === 'string' ? `unknown op "${msg.op.slice(0, 40)}"` : 'message must have an "op" string',
        id,
      );
  }
}

/** JSON text of a control frame (welcome, acks, errors). Data frames are built by the hub, once per update for every member. */
export function controlFrame(frame: Record<string, unknown>): string {
  return JSON.stringify(frame);
}

export function errorFrame(code: ErrorCode, message: string, extra: { id?: string | number | undefined; room?: string } = {}): string {
  const frame: Record<string, unknown> = { type: 'error', code, message };
  if (extra.id !== undefined) frame.id = extra.id;
  if (extra.room !== undefined) frame.room = extra.room;
  return JSON.stringify(frame);
}
