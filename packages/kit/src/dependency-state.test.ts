import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dependencyState } from './dependency-state.ts';
import type { Logger } from './logger.ts';
import { Metrics } from './metrics.ts';

/** A logger that keeps its lines: [level, message, fields]. */
function recorder() {
  const lines: [string, string, Record<string, unknown>][] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => lines.push([level, message, fields]);
  return { lines, log: { warn: at('warn'), info: at('info') } as unknown as Logger };
}

describe('dependencyState', () => {
  it('logs an outage when it starts, once a minute while it lasts and when it ends', () => {
    const { lines, log } = recorder();
    let t = 0;
    const redis = dependencyState(log, 'cache:redis', { now: () => t });
    redis.up();
    assert.equal(lines.length, 0, 'nothing while it works');
    // 10,000 failures over 150 s: the first, then one line a minute.
    for (let i = 0; i < 10_000; i++) {
      t = i * 15;
      redis.down(new Error('connect ECONNREFUSED'));
    }
    assert.equal(redis.isUp, false);
    assert.deepEqual(
      lines.map(([level, message]) => [level, message]),
      [
        ['warn', 'cache:redis is down'],
        ['warn', 'cache:redis is still down'],
        ['warn', 'cache:redis is still down'],
      ],
    );
    assert.equal(lines[0]![2].reason, 'connect ECONNREFUSED');
    assert.equal(lines[1]![2].failuresSinceLastLine, 4000);
    t = 150_000;
    redis.up();
    redis.up();
    assert.deepEqual(lines.at(-1)!.slice(0, 2), ['info', 'cache:redis is back']);
    assert.equal(lines.at(-1)![2].failures, 10_000);
    assert.equal(lines.length, 4);
  });

  it('shows the state as a gauge per dependency', async () => {
    const metrics = new Metrics();
    const { log } = recorder();
    const a = dependencyState(log, 'a', { metrics });
    dependencyState(log, 'b', { metrics });
    a.down(new Error('x'));
    const text = await metrics.registry.metrics();
    assert.match(text, /bourse_dependency_up\{dependency="a"\} 0/);
    assert.match(text, /bourse_dependency_up\{dependency="b"\} 1/);
  });
});
