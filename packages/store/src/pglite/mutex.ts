/**
 * A FIFO mutex. PGlite is one PostgreSQL backend with one session, so every
 * Kysely "connection" is that session: whoever holds the mutex owns it, and a
 * transaction holds it from BEGIN to COMMIT so no other query slips into it.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  /** Waits for the previous holder and resolves with this holder's release function. */
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.#tail.then(() => release);
    this.#tail = next;
    return acquired;
  }
}
