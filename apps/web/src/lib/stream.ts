import { type DataMessage, StreamClient } from '@bourse/client';
import { useEffect, useRef, useSyncExternalStore } from 'react';

/** Live, or waiting to reconnect (the client backs off and rejoins its rooms by itself). */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

let client: StreamClient | undefined;
let status: StreamStatus = 'connecting';
const statusListeners = new Set<() => void>();
const handlers = new Map<string, Set<(msg: DataMessage) => void>>();

function setStatus(next: StreamStatus): void {
  if (next === status) return;
  status = next;
  for (const l of statusListeners) l();
}

/** The page's one connection to /ws, opened on first use and shared by every room the pages join. */
function stream(): StreamClient {
  if (client) return client;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  client = new StreamClient({ url });
  client.on('open', () => setStatus('live'));
  client.on('close', () => setStatus('reconnecting'));
  client.on('data', (msg) => {
    for (const h of handlers.get(msg.room) ?? []) h(msg);
  });
  return client;
}

/** Join a room while `handler` is mounted; the room is left when its last handler goes. */
export function joinRoom(room: string, handler: (msg: DataMessage) => void): () => void {
  const c = stream();
  let set = handlers.get(room);
  if (!set) {
    set = new Set();
    handlers.set(room, set);
    c.subscribe(room);
  }
  set.add(handler);
  return () => {
    const s = handlers.get(room);
    if (!s) return;
    s.delete(handler);
    if (s.size === 0) {
      handlers.delete(room);
      c.unsubscribe(room);
    }
  };
}

/** The messages of several rooms, to a handler that may change between renders without rejoining. */
export function useRooms(rooms: readonly string[], handler: (msg: DataMessage) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  const key = rooms.join('\n');
  useEffect(() => {
    const leave = key
      .split('\n')
      .filter(Boolean)
      .map((room) => joinRoom(room, (msg) => latest.current(msg)));
    return () => {
      for (const l of leave) l();
    };
  }, [key]);
}

export function useStreamStatus(): StreamStatus {
  return useSyncExternalStore(
    (l) => {
      stream();
      statusListeners.add(l);
      return () => statusListeners.delete(l);
    },
    () => status,
  );
}
