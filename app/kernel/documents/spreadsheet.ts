/** A cell for write-excel-file: text, a number, empty, or a typed value with its display format. */
export type XlsxCell = string | number | null | { value: number | Date; type: NumberConstructor | DateConstructor; format: string };
