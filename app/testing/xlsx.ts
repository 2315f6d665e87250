import { strFromU8, unzipSync } from "fflate";

/** Reading back the XLSX files the product writes, in tests: the first sheet's cells by row, shared strings resolved. */
export function readXlsx(bytes: Uint8Array): (string | number | null)[][] {
  const files = unzipSync(bytes);
  const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  const sharedFile = files["xl/sharedStrings.xml"];
  const shared = sharedFile ? [...strFromU8(sharedFile).matchAll(/<si><t[^>]*>([\s\S]*?)<\/t><\/si>/g)].map((m) => unescape(m[1]!)) : [];
  const sheet = strFromU8(files["xl/worksheets/sheet1.xml"]!);
  const column = (ref: string) => [...ref.replace(/\d+$/, "")].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0) - 1;
  return [...sheet.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map((row) => {
    const cells: (string | number | null)[] = [];
    for (const cell of row[1]!.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>(?:<v>([^<]*)<\/v>)?<\/c>/g)) {
      const value = cell[3] ?? null;
      cells[column(cell[1]!)] = value === null ? null : cell[2]!.includes('t="s"') ? shared[Number(value)]! : Number(value);
    }
    return cells;
  });
}
