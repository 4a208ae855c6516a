/** Limits of a workbook upload; beyond them the file is refused with a message saying which. */
export const IMPORT_LIMITS = {
  /** Upload size. */
  maxBytes: 20 * 1024 * 1024,
  /** Rows of all sheets together (a 10,000-activity plan has about 11,000). */
  maxRows: 100_000,
  /** Uncompressed size of all the parts of the zip together (zip bombs). */
  maxUncompressedBytes: 300 * 1024 * 1024,
  /** Compression ratio of one part beyond which it is taken for a zip bomb (on parts over 1 MB). */
  maxRatio: 200,
} as const;

export const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
