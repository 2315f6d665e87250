/**
 * A sleep that can be cut short: loops that poll (the in-process runner, the outbox
 * relay) wait on it between rounds, and new work or shutdown wakes them at once.
 * A wake-up that arrives while the loop is busy is kept for its next wait.
 */
export interface Wakeup {
  wait(ms: number): Promise<void>;
  wake(): void;
}

export function createWakeup(): Wakeup {
  let interrupt: (() => void) | undefined;
  let pending = false;
  return {
    wait(ms) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          interrupt = undefined;
          resolve();
        }, ms);
        interrupt = () => {
          clearTimeout(timer);
          interrupt = undefined;
          resolve();
        };
      });
    },
    wake() {
      if (interrupt) interrupt();
      else pending = true;
    },
  };
}
