/** Pure helpers of the templates page: the preview with variable labels, WeChat field rows ⇄ the API's map. */

export interface FieldRow {
  key: string;
  value: string;
}

/** The text with each known {variable} shown as 〔its label〕, unknown ones left as written. */
export function previewText(text: string, variables: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in variables ? `〔${variables[name]}〕` : whole));
}

export function fieldMapRows(map: Record<string, string> | undefined): FieldRow[] {
  return Object.entries(map ?? {}).map(([key, value]) => ({ key, value }));
}

export function fieldMapFromRows(rows: FieldRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((row) => row.key?.trim()).map((row) => [row.key.trim(), (row.value ?? '').trim()]));
}
