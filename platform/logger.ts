import { pino, type Logger } from "pino";
import type { Config } from "./config";

export type { Logger };

/** JSON lines in production (for the log pipeline); readable lines in development. */
export function createLogger(config: Pick<Config, "NODE_ENV" | "LOG_LEVEL">): Logger {
  const level = config.NODE_ENV === "test" && !process.env.LOG_LEVEL ? "silent" : config.LOG_LEVEL;
  if (config.NODE_ENV === "development") {
    return pino({
      level,
      transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" } },
    });
  }
  return pino({ level, base: { service: "hourbook" } });
}
