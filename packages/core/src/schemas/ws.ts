import Type, { type Static, type TSchema } from 'typebox';
import { SymbolSchema, Tick } from '../types.ts';
import { Bar } from './bar.ts';
import { OptionChainMessage } from './chain.ts';
import { IndicatorUpdate } from './indicator.ts';
import { Insight } from './insight.ts';
import { AiSignal } from './signal.ts';

/**
 * The WebSocket protocol of /ws: JSON text frames, one schema each. The stream service
 * validates what clients send against ClientFrame; `@bourse/client` reads the server's frames
 * with the types derived here. Frames may carry fields they do not list (objects stay open), so
 * an older client keeps working when the server adds one.
 *
 * Client -> server: subscribe, unsubscribe, ping.
 * Server -> client: welcome, subscribed / unsubscribed acks, data frames, heartbeat, pong, error.
 */

/** A client's correlation id, echoed in the ack, pong or error that answers it. */
export const RequestId = Type.Union([Type.String(), Type.Number()]);
export type RequestId = Static<typeof RequestId>;

/** Rooms one subscribe or unsubscribe names at most; more is a bad request (the client splits them). */
export const MAX_ROOMS_PER_REQUEST = 200;

const RoomNames = Type.Array(Type.String(), { minItems: 1, maxItems: MAX_ROOMS_PER_REQUEST });

export const SubscribeFrame = Type.Object({ op: Type.Literal('subscribe'), rooms: RoomNames, id: Type.Optional(RequestId) });
export type SubscribeFrame = Static<typeof SubscribeFrame>;
export const UnsubscribeFrame = Type.Object({ op: Type.Literal('unsubscribe'), rooms: RoomNames, id: Type.Optional(RequestId) });
export type UnsubscribeFrame = Static<typeof UnsubscribeFrame>;
export const PingFrame = Type.Object({ op: Type.Literal('ping'), id: Type.Optional(RequestId) });
export type PingFrame = Static<typeof PingFrame>;

/** What a client may send. */
export const ClientFrame = Type.Union([SubscribeFrame, UnsubscribeFrame, PingFrame]);
export type ClientFrame = Static<typeof ClientFrame>;
export const CLIENT_OPS = ['subscribe', 'unsubscribe', 'ping'] as const;

/**
 * What the server promises each connection, announced in the welcome frame and in the
 * instance's status: a client that keeps to it is never refused or cut.
 */
export const ServerLimits = Type.Object({
  maxRooms: Type.Integer({ minimum: 0, description: 'rooms one connection may be in at once' }),
  messagesPerSecond: Type.Number({ minimum: 0, description: 'client messages per second allowed on average ...' }),
  burst: Type.Integer({ minimum: 0, description: '... with bursts up to this many' }),
  maxRateViolations: Type.Integer({
    minimum: 0,
    description: 'messages refused by the rate limit before the connection is closed with 1008',
  }),
  maxMessageBytes: Type.Integer({ minimum: 0, description: 'largest client message (larger: closed with 1009)' }),
  heartbeatMs: Type.Integer({
    minimum: 0,
    description: 'heartbeat and ping period; a client that has not answered the previous ping by then is closed',
  }),
  maxQueuedFrames: Type.Integer({
    minimum: 0,
    description: "frames waiting in a connection's send queue before it is closed with 1013 ...",
  }),
  maxQueuedBytes: Type.Integer({ minimum: 0, description: '... or bytes' }),
});
export type ServerLimits = Static<typeof ServerLimits>;

export const WelcomeFrame = Type.Object({
  type: Type.Literal('welcome'),
  serverTime: Type.Integer(),
  instanceId: Type.String(),
  connectionId: Type.String(),
  /** room names clients may use (patterns such as `quotes:<symbol>`) */
  rooms: Type.Array(Type.String()),
  limits: ServerLimits,
});
export type WelcomeFrame = Static<typeof WelcomeFrame>;

export const SubscribedFrame = Type.Object({
  type: Type.Literal('subscribed'),
  rooms: Type.Array(Type.String()),
  id: Type.Optional(RequestId),
});
export type SubscribedFrame = Static<typeof SubscribedFrame>;
export const UnsubscribedFrame = Type.Object({
  type: Type.Literal('unsubscribed'),
  rooms: Type.Array(Type.String()),
  id: Type.Optional(RequestId),
});
export type UnsubscribedFrame = Static<typeof UnsubscribedFrame>;
export const PongFrame = Type.Object({ type: Type.Literal('pong'), serverTime: Type.Integer(), id: Type.Optional(RequestId) });
export type PongFrame = Static<typeof PongFrame>;
export const HeartbeatFrame = Type.Object({ type: Type.Literal('heartbeat'), serverTime: Type.Integer() });
export type HeartbeatFrame = Static<typeof HeartbeatFrame>;

/** Stable codes of error frames. */
export const STREAM_ERROR_CODES = [
  'bad_json',
  'bad_request',
  'unknown_op',
  'unknown_room',
  'unknown_symbol',
  'too_many_rooms',
  'rate_limited',
  'unavailable',
] as const;
export const StreamErrorCode = Type.Enum(STREAM_ERROR_CODES);
export type StreamErrorCode = (typeof STREAM_ERROR_CODES)[number];

/** Bad input gets one of these and the connection goes on. `room`: the room refused; `id`: the request answered. */
export const ErrorFrame = Type.Object({
  type: Type.Literal('error'),
  code: StreamErrorCode,
  message: Type.String(),
  id: Type.Optional(RequestId),
  room: Type.Optional(Type.String()),
});
export type ErrorFrame = Static<typeof ErrorFrame>;

/** Frames the server sends outside any room. */
export const ControlFrame = Type.Union([WelcomeFrame, SubscribedFrame, UnsubscribedFrame, PongFrame, HeartbeatFrame, ErrorFrame]);
export type ControlFrame = Static<typeof ControlFrame>;

// ---- room data -------------------------------------------------------------------------------

/** The `quote` frame: the last trade with the quote around it. */
export const StreamQuote = Type.Object({
  symbol: SymbolSchema,
  ts: Type.Integer({ minimum: 0 }),
  seq: Type.Integer({ minimum: 0 }),
  last: Type.Number(),
  bid: Type.Number(),
  ask: Type.Number(),
  size: Type.Optional(Type.Number({ minimum: 0 })),
});
export type StreamQuote = Static<typeof StreamQuote>;

export const Mover = Type.Object({ symbol: SymbolSchema, last: Type.Number(), open: Type.Number(), changePct: Type.Number() });
export type Mover = Static<typeof Mover>;

/** The general room's market summary. */
export const MarketSummary = Type.Object({
  ts: Type.Integer({ minimum: 0 }),
  symbols: Type.Integer({ minimum: 0, description: 'symbols that traded today, as seen by the instance' }),
  advancers: Type.Integer({ minimum: 0 }),
  decliners: Type.Integer({ minimum: 0 }),
  unchanged: Type.Integer({ minimum: 0 }),
  ticks: Type.Integer({ minimum: 0, description: 'ticks seen since the previous summary' }),
  gainers: Type.Array(Mover),
  losers: Type.Array(Mover),
});
export type MarketSummary = Static<typeof MarketSummary>;

/** The data of the data frame types, as the wire carries it. */
export const ROOM_DATA = {
  ticks: Type.Array(Tick, { minItems: 1 }),
  quote: StreamQuote,
  bar: Bar,
  indicator: IndicatorUpdate,
  summary: MarketSummary,
  'option.chain': OptionChainMessage,
  'ai.signal': AiSignal,
  insight: Insight,
} as const satisfies Record<string, TSchema>;

const dataFrame = <K extends keyof typeof ROOM_DATA>(type: K) =>
  Type.Object({
    room: Type.String(),
    type: Type.Literal(type),
    /** orders the room's frames; a client drops a frame at or below the last it has */
    seq: Type.Integer({ minimum: 0 }),
    /** true on the room's state when the client joined; absent on live updates */
    snapshot: Type.Optional(Type.Boolean()),
    /** null only in a snapshot of a room with nothing yet */
    data: Type.Union([ROOM_DATA[type], Type.Null()]),
  });

/** A data frame of a room as sent. */
export const DataFrame = Type.Union([
  dataFrame('ticks'),
  dataFrame('quote'),
  dataFrame('bar'),
  dataFrame('indicator'),
  dataFrame('summary'),
  dataFrame('option.chain'),
  dataFrame('ai.signal'),
  dataFrame('insight'),
]);
export type DataFrame = Static<typeof DataFrame>;

/** Anything the server sends. */
export const ServerFrame = Type.Union([ControlFrame, DataFrame]);
export type ServerFrame = Static<typeof ServerFrame>;
