import Type, { type Static } from 'typebox';
import { ServerLimits } from './ws.ts';

/**
 * The status a stream instance publishes on `stream.status.<instanceId>` (envelope type
 * `stream.status`, live only) so that every instance's status endpoints can answer for the
 * whole cluster. Its size is bounded: a report names at most MAX_REPORTED_ROOMS rooms and
 * MAX_REPORTED_CONNECTIONS connections.
 */
export const STREAM_STATUS = 'stream.status';
export const MAX_REPORTED_ROOMS = 2_000;
export const MAX_REPORTED_CONNECTIONS = 200;

const Count = (description?: string) => Type.Integer(description === undefined ? { minimum: 0 } : { minimum: 0, description });
const Rate = (description?: string) => Type.Number(description === undefined ? { minimum: 0 } : { minimum: 0, description });

export const InstanceStatus = Type.Object({
  instanceId: Type.String({ minLength: 1 }),
  startedAt: Type.Integer({ minimum: 0 }),
  uptimeSeconds: Count(),
  connections: Count(),
  rooms: Count(),
  subscriptions: Count('room memberships (connection x room)'),
  busSubscriptions: Count('live bus subscriptions held for the rooms in use'),
  messagesInPerSecond: Rate('bus messages received per second'),
  messagesOutPerSecond: Rate('frames sent to clients per second'),
  bytesOutPerSecond: Rate(),
  conflated: Count('frames replaced by a newer one of the same room for slow clients'),
  closes: Type.Record(Type.String(), Count(), { description: 'connections closed, by reason' }),
  limits: ServerLimits,
});
export type InstanceStatus = Static<typeof InstanceStatus>;

export const ConnectionInfo = Type.Object({
  id: Type.String(),
  instanceId: Type.String(),
  remote: Type.String(),
  connectedAt: Type.Integer({ minimum: 0 }),
  rooms: Count(),
  queued: Count('frames waiting in its send queue'),
  bufferedBytes: Count(),
  sent: Count(),
  conflated: Count(),
});
export type ConnectionInfo = Static<typeof ConnectionInfo>;

export const StatusReport = Type.Object({
  status: InstanceStatus,
  /** room -> members on that instance */
  rooms: Type.Record(Type.String(), Count(), { maxProperties: MAX_REPORTED_ROOMS }),
  /** some of its connections */
  connections: Type.Array(ConnectionInfo, { maxItems: MAX_REPORTED_CONNECTIONS }),
});
export type StatusReport = Static<typeof StatusReport>;
