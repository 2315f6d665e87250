/**
 * Emails queued before decision 029 carried absolute links (`acceptUrl`,
 * `reviewUrl`, …) where messages now carry ids. Some are still in the outbox when
 * the release that changed the shape goes out: queued just before it, waiting on a
 * retry, or queued by a machine still on the previous release during the rolling
 * update (fly.toml). send-email reads those through this, so none is lost: each
 * link becomes the id it was built from and the rest of the link is dropped.
 *
 * The outbox rows are left as they were queued, rather than rewritten by the
 * migration, so a worker of the previous release can still send them during the
 * update. Delete this module once a release has run with it and the outbox holds
 * no row queued before it.
 */

/** What a path of the previous links held, by the path's shape. */
const idsInPaths: { pattern: RegExp; ids: (match: RegExpExecArray) => Record<string, string> }[] = [
  { pattern: /^\/invitations\/([^/]+)$/, ids: ([, token = ""]) => ({ token: decodeURIComponent(token) }) },
  { pattern: /^\/reset-password\/([^/]+)$/, ids: ([, token = ""]) => ({ token: decodeURIComponent(token) }) },
  { pattern: /^\/signup\/confirm\/([^/]+)$/, ids: ([, token = ""]) => ({ token: decodeURIComponent(token) }) },
  { pattern: /^\/c\/[^/]+\/projects\/([^/]+)$/, ids: ([, projectId = ""]) => ({ projectId }) },
  {
    pattern: /^\/c\/[^/]+\/(audit|finance)\/exports\/([^/]+)\/download$/,
    ids: ([, exportArea = "", exportId = ""]) => ({ exportArea, exportId }),
  },
];

function idsOf(url: unknown): Record<string, string> {
  if (typeof url !== "string" || !URL.canParse(url)) return {};
  const { pathname } = new URL(url);
  for (const { pattern, ids } of idsInPaths) {
    const match = pattern.exec(pathname);
    if (match) return ids(match);
  }
  return {};
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A queued message with its links replaced by their ids; anything else as it
 * came. The caller validates the result as it validates any message.
 */
export function withIdsForLinks(payload: unknown): unknown {
  if (!isRecord(payload) || !isRecord(payload.props)) return payload;
  const props: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(payload.props)) {
    if (name.endsWith("Url")) Object.assign(props, idsOf(value));
    else props[name] = value;
  }
  return { ...payload, props };
}
