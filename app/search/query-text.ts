/**
 * Whether the last word of a search, in Postgres's web search syntax (words,
 * "a phrase", -excluded, or), may also match as the start of a longer word: people
 * type the beginning of a name ("des" for "design") and expect it found. Only a
 * plain word qualifies: not excluded, not inside an open phrase, not the `or` keyword.
 */
// Letters and digits only, so the word is its query's last lexeme whatever the language.
const lastPlainWord = /(?:^|\s)([\p{L}\p{N}]+)$/u;

export function endsInPrefix(text: string): boolean {
  const trimmed = text.trim();
  if ((trimmed.match(/"/g)?.length ?? 0) % 2 === 1) return false;
  const word = lastPlainWord.exec(trimmed)?.[1];
  return word !== undefined && word.toLowerCase() !== "or";
}
