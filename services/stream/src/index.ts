import websocket from '@fastify/websocket';
import { defineService, type ServiceContext } from '@bourse/kit';
import { ConnectionInfo, InstanceStatus, type StatusReport } from '@bourse/core';
import Type from 'typebox';
import { Hub } from './hub.ts';
import { DEFAULT_OPTIONS, type StreamOptions } from './protocol.ts';

export { CLOSE, DEFAULT_OPTIONS, type ErrorCode, type StreamLimits, type StreamOptions } from './protocol.ts';
export { parseRoom, ROOM_USAGE } from './rooms.ts';
export { SummaryBuilder } from './summary.ts';
export type { MarketSummary } from '@bourse/core';
export type { ConnectionInfo, InstanceStatus, StatusReport } from '@bourse/core';

/** The instances' status as the endpoints show it: the limits are in the welcome frame. */
const InstanceStatusSchema = Type.Omit(InstanceStatus, ['limits']);

const Totals = Type.Object({
  instances: Type.Integer(),
  connections: Type.Integer(),
  subscriptions: Type.Integer(),
  messagesInPerSecond: Type.Number(),
  messagesOutPerSecond: Type.Number(),
});

/** One hub per service context: the WebSocket route, the REST routes and the workers share it. */
const hubs = new WeakMap<ServiceContext<'bus' | 'store' | 'cache'>, Hub>();

function totals(reports: readonly StatusReport[]) {
  let connections = 0;
  let subscriptions = 0;
  let messagesIn = 0;
  let messagesOut = 0;
  for (const { status } of reports) {
    connections += status.connections;
    subscriptions += status.subscriptions;
    messagesIn += status.messagesInPerSecond;
    messagesOut += status.messagesOutPerSecond;
  }
  return { instances: reports.length, connections, subscriptions, messagesInPerSecond: messagesIn, messagesOutPerSecond: messagesOut };
}

/**
 * The stream service: the WebSocket endpoint /ws with rooms, snapshots, backpressure and
 * fan-out across instances through the bus, and its status under /api/v1/stream.
 */
export function createStreamService(overrides: Partial<StreamOptions> = {}) {
  const options: StreamOptions = { ...DEFAULT_OPTIONS, ...overrides };
  const hubOf = (ctx: ServiceContext<'bus' | 'store' | 'cache'>) => {
    let hub = hubs.get(ctx);
    if (!hub) {
      hub = new Hub(ctx, options);
      hubs.set(ctx, hub);
    }
    return hub;
  };

  return defineService({
    name: 'stream',
    description: 'WebSocket stream (/ws): rooms of ticks, quotes, bars, indicators and a market summary, fanned out across instances',
    needs: ['bus', 'store', 'cache'],
    prefixes: ['/stream'],
    rootPrefixes: ['/ws'],

    async rootRoutes(app, ctx) {
      const hub = hubOf(ctx);
      await app.register(websocket, {
        options: { maxPayload: options.maxMessageBytes, perMessageDeflate: false, clientTracking: false },
        // Close every client (1001) and cut those that do not answer, so that shutdown never waits on a dead client.
        preClose: async () => {
          await hub.closeAll();
          app.websocketServer.close();
        },
      });
      app.get('/ws', { websocket: true, schema: { hide: true } }, (socket, request) => {
        hub.accept(socket, request.raw.socket, request.ip);
      });
    },

    async routes(app, ctx) {
      const hub = hubOf(ctx);
      app.get(
        '/stream/status',
        {
          schema: {
            tags: ['stream'],
            summary: 'Stream status: this instance and every instance heard from on the bus recently',
            response: {
              200: Type.Object({
                instanceId: Type.String({ description: 'the instance that answered' }),
                uptimeSeconds: Type.Integer(),
                totals: Totals,
                instances: Type.Array(InstanceStatusSchema),
              }),
            },
          },
        },
        async () => {
          const reports = hub.cluster();
          const self = reports[0]!.status;
          return {
            instanceId: self.instanceId,
            uptimeSeconds: self.uptimeSeconds,
            totals: totals(reports),
            instances: reports.map((r) => r.status),
          };
        },
      );

      app.get(
        '/stream/connections',
        {
          schema: {
            tags: ['stream'],
            summary: 'Open connections on every instance (each instance reports up to 200 of its connections, this one up to 1000)',
            querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) }),
            response: {
              200: Type.Object({ total: Type.Integer(), instances: Type.Integer(), connections: Type.Array(ConnectionInfo) }),
            },
          },
        },
        async (request) => {
          const reports = hub.cluster();
          const connections = reports.flatMap((r) => r.connections).slice(0, request.query.limit);
          return { total: totals(reports).connections, instances: reports.length, connections };
        },
      );

      app.get(
        '/stream/subscriptions',
        {
          schema: {
            tags: ['stream'],
            summary: 'Subscribers per room, summed over every instance',
            response: {
              200: Type.Object({
                rooms: Type.Record(Type.String(), Type.Integer(), { description: 'room -> subscribers' }),
                instances: Type.Array(Type.Object({ instanceId: Type.String(), rooms: Type.Record(Type.String(), Type.Integer()) })),
              }),
            },
          },
        },
        async () => {
          const reports = hub.cluster();
          // Summed in a Map: the room names come from peers' reports on the bus, and none may reach Object.prototype.
          const rooms = new Map<string, number>();
          for (const r of reports) for (const [room, n] of Object.entries(r.rooms)) rooms.set(room, (rooms.get(room) ?? 0) + n);
          return { rooms: Object.fromEntries(rooms), instances: reports.map((r) => ({ instanceId: r.status.instanceId, rooms: r.rooms })) };
        },
      );
    },

    async start(ctx) {
      const hub = hubOf(ctx);
      hub.startStatus();
      return {
        async stop() {
          await hub.stop();
          hubs.delete(ctx);
        },
      };
    },
  });
}

export const streamService = createStreamService();
