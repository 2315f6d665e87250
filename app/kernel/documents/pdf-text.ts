/**
 * Text for PDFs drawn with the standard Helvetica faces (invoices, report PDFs), which
 * every reader has, so nothing is embedded. They encode WinAnsi: Latin-1 plus €, Œ, Š,
 * Ž, dashes and quotes. See docs/decisions/016-invoice-pdf.md for why no wider font.
 */

// Characters beyond Latin-1 that WinAnsi also encodes (pdfkit's WIN_ANSI_MAP).
const winAnsiExtras = new Set([
  402, 710, 732, 338, 339, 352, 353, 376, 381, 382, 8211, 8212, 8216, 8217, 8218, 8220, 8221, 8222, 8224, 8225, 8226, 8230,
  8240, 8249, 8250, 8364, 8482,
]);

export const isWinAnsi = (char: string) => {
  const code = char.codePointAt(0)!;
  return code === 10 || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(code);
};

// Letters with a stroke rather than an accent, which Unicode doesn't decompose.
const baseLetters: Record<string, string> = { Ł: "L", ł: "l", Đ: "D", đ: "d", Ħ: "H", ħ: "h", ı: "i", Ŧ: "T", ŧ: "t" };

/** Text the standard fonts can print: see the module comment. */
export function printable(text: string): string {
  let result = "";
  for (const char of text.replace(/\r\n?/gu, "\n").replace(/\t/gu, " ").normalize("NFC")) {
    if (isWinAnsi(char)) {
      result += char;
      continue;
    }
    // A control character, or a combining mark no letter took in: nothing to print.
    if (/[\p{Cc}\p{M}]/u.test(char)) continue;
    const base = baseLetters[char] ?? char.normalize("NFD").replace(/\p{M}/gu, "");
    result += [...base].every(isWinAnsi) ? base : "?";
  }
  return result;
}
