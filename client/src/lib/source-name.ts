/** The page file of a citation's source ("seeds/003_….txt" → "003_….txt"), as lists and exports show it. */
export function sourceFileName(source: string): string {
  return source.split("/").pop() ?? source;
}
