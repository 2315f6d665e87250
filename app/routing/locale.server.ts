/**
 * The reader's locale, from the browser's Accept-Language: the first tag (by
 * quality) that Intl can format. Pages format numbers and dates with it on the
 * server and send the text, so the browser's own ICU data can't render a different
 * string while hydrating.
 */
export function requestLocale(request: Request, fallback = "en"): string {
  const header = request.headers.get("Accept-Language") ?? "";
  const tags = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const quality = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return { tag: tag.trim(), quality: quality === undefined ? 1 : Number(quality), index };
    })
    .filter(({ tag, quality }) => tag !== "" && tag !== "*" && quality > 0 && Number.isFinite(quality))
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of tags) {
    try {
      const [supported] = Intl.NumberFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // A malformed tag (RangeError) is skipped like an unsupported one.
    }
  }
  return fallback;
}
