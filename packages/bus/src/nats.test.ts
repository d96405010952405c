import { STREAMS } from '@bourse/core';
import { testServerUrl } from '@bourse/core/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { busContract } from './contract.ts';
import { createNatsBus } from './nats.ts';

const url = testServerUrl('nats');

if (url !== undefined) {
  busContract('nats', async (scope) => {
    const bus = await createNatsBus({ servers: url, name: 'bus-contract' });
    const nc = bus.connection;
    return {
      bus,
      publishRaw: async (subject, data) => {
        nc.publish(subject, data);
        await nc.flush();
      },
      // Delete the durables this test made and the messages it stored, so reruns start clean.
      async cleanup() {
        const admin = await createNatsBus({ servers: url, name: 'bus-contract-cleanup', streams: [] });
        try {
          const jsm = await jetstreamManager(admin.connection);
          for (const s of STREAMS) {
            for (const d of scope.durables) await jsm.consumers.delete(s.name, d).catch(() => false);
          }
          await jsm.streams.purge('MD_TICKS', { filter: `md.tick.${scope.runId}.>` }).catch(() => undefined);
          await jsm.streams.purge('DLQ', { filter: `dlq.md.tick.${scope.runId}.>` }).catch(() => undefined);
        } finally {
          await admin.close();
        }
      },
    };
  });
}
