/**
 * Call `report` at most once per `intervalMs`: a dependency that is down raises an
 * error on every reconnect attempt, and one log line per half minute says as much.
 */
export function throttled<T>(report: (value: T) => void, intervalMs: number): (value: T) => void {
  let last = -Infinity;
  return (value) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    report(value);
  };
}
