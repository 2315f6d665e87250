import type { Redis } from "ioredis";
import { memoryWriteMarks, type WriteMarks } from "../db/read-routing";

/**
 * How long a person's last write decides where their reads go. Past it the replica
 * is assumed to have caught up; a replica that far behind is an alert of its own
 * (docs/operations/alerts.yml, HourbookReplicaLagging).
 */
export const writeMarkSeconds = 15 * 60;

// Keeps the larger of the stored and the given position, so two writes finishing out
// of order can't leave the earlier one's mark behind.
const keepLarger = `
local current = redis.call('GET', KEYS[1])
if (not current) or tonumber(current) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
else
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return 1`;

/** Marks shared by every web process through Redis; in this process alone without it. */
export function writeMarksFor(redis: Redis | undefined, prefix: string): WriteMarks {
  if (!redis) return memoryWriteMarks(writeMarkSeconds);
  const key = (userId: string) => `${prefix}:write-mark:${userId}`;
  return {
    async note(userId, lsn) {
      await redis.eval(keepLarger, 1, key(userId), String(lsn), String(writeMarkSeconds));
    },
    async latest(userId) {
      const value = await redis.get(key(userId));
      return value === null ? undefined : Number(value);
    },
  };
}
