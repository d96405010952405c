import { envelope, payloadReader, STREAM_STATUS, type StatusReport, StatusReport as StatusReportSchema, subjects } from '@bourse/core';
import type { BusSubscription, StreamContext } from './context.ts';

const reports = payloadReader(STREAM_STATUS, StatusReportSchema);

/**
 * What the instances of the stream know of each other: each publishes its status report on
 * `stream.status.<instanceId>` every period and keeps the latest report of every other one,
 * so that any instance's status endpoints answer for the whole cluster. A report not heard
 * again within three periods is forgotten (the instance is gone).
 */
export class ClusterStatus {
  private readonly peers = new Map<string, { report: StatusReport; at: number }>();
  private sub: BusSubscription | undefined;
  private loop: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;

  constructor(
    private readonly ctx: StreamContext,
    private readonly self: { readonly instanceId: string; readonly startedAt: number },
    private readonly everyMs: number,
    /** This instance's report as published: bounded in size. */
    private readonly report: () => StatusReport,
  ) {}

  /** Publish this instance's status for the others and listen to theirs. */
  start(): void {
    const { bus, log } = this.ctx;
    const { instanceId, startedAt } = this.self;
    const sub = bus.subscribe(subjects.streamStatusAll);
    this.sub = sub;
    this.loop = (async () => {
      for await (const msg of sub) {
        let report: StatusReport;
        try {
          report = reports.read(msg.envelope);
        } catch (err) {
          // Live only and republished every period: a report that cannot be read is skipped, not dead-lettered.
          log.debug({ err, id: msg.envelope.id }, 'skipped a stream status report');
          continue;
        }
        const id = report.status.instanceId;
        if (id !== instanceId) this.peers.set(id, { report, at: Date.now() });
      }
    })().catch((err) => log.warn({ err }, 'status subscription ended'));
    const source = `stream@${instanceId}`;
    const publish = () => {
      bus
        .publish(
          subjects.streamStatus(instanceId),
          envelope({
            id: `${STREAM_STATUS}:${instanceId}:${startedAt}:${++this.seq}`,
            type: STREAM_STATUS,
            source,
            key: instanceId,
            data: this.report(),
          }),
        )
        .catch((err) => log.warn({ err }, 'publishing the stream status failed'));
    };
    publish();
    this.timer = setInterval(publish, this.everyMs);
    this.timer.unref();
  }

  /** `own` (this instance's report) and the latest heard from the others within the last three periods. */
  reports(own: StatusReport): StatusReport[] {
    const fresh = Date.now() - 3 * this.everyMs;
    const out = [own];
    for (const [id, p] of this.peers) {
      if (p.at < fresh) this.peers.delete(id);
      else out.push(p.report);
    }
    return out;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.sub?.unsubscribe();
    await this.loop;
  }
}
