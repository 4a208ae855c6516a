import type { EffectiveRole } from "../../../src/modules/auth/principal";
import type { ItemDetail, PlanSummary } from "../../../src/modules/plans/schemas";
import { hasMessage, t } from "./es-CL";

type PlanKind = PlanSummary["kind"];
type ApprovalStatus = PlanSummary["approvalStatus"];
type ItemStatus = ItemDetail["status"];
type IndicatorKind = ItemDetail["indicators"][number]["kind"];
type UnitRole = ItemDetail["responsibleUnits"][number]["role"];

const integerFormat = new Intl.NumberFormat("es-CL", {
  maximumFractionDigits: 0,
  useGrouping: "always",
});
const decimalFormat = new Intl.NumberFormat("es-CL", {
  maximumFractionDigits: 2,
  useGrouping: "always",
});

/** A number with Chilean separators: 45773072.5 → "45.773.072,5". */
export function formatNumber(value: number): string {
  return decimalFormat.format(value);
}

/** Chilean pesos, no decimals: 45773072 → "$ 45.773.072" (negative: "-$ 1.000"). */
export function formatClp(amount: number): string {
  const rounded = Math.round(amount);
  const text = t("format.clp", { amount: integerFormat.format(Math.abs(rounded)) });
  return rounded < 0 ? `-${text}` : text;
}

/**
 * An ISO calendar date as Chileans write it: "2026-11-22" → "22-11-2026". Read as text, never
 * through `Date`, so the time zone cannot move it a day. Anything else is returned unchanged.
 */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  return `${match[3]}-${match[2]}-${match[1]}`;
}

/** Municipal times are read in Chile's time zone, wherever the browser is. */
const CHILE_TIME_ZONE = "America/Santiago";
const dateTimeParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: CHILE_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/**
 * An instant (ISO 8601 with a zone) as a date and time in Chile: "2026-11-22T17:05:00Z" →
 * "22-11-2026 14:05". Anything that is not a valid instant is returned unchanged.
 */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = dateTimeParts.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? "";
  return t("format.dateTime", {
    date: `${part("day")}-${part("month")}-${part("year")}`,
    time: `${part("hour")}:${part("minute")}`,
  });
}

export const roleLabel = (role: EffectiveRole): string => t(`role.${role}`);
export const planKindLabel = (kind: PlanKind): string => t(`planKind.${kind}`);
export const approvalStatusLabel = (status: ApprovalStatus): string => t(`approval.${status}`);
export const itemStatusLabel = (status: ItemStatus): string => t(`itemStatus.${status}`);
export const indicatorKindLabel = (kind: IndicatorKind): string => t(`indicatorKind.${kind}`);
export const unitRoleLabel = (role: UnitRole): string => t(`unitRole.${role}`);

/** Territory kinds are open-ended in the API; known ones get a label, others show as written. */
export function territoryKindLabel(kind: string): string {
  const key = `territoryKind.${kind}`;
  return hasMessage(key) ? t(key) : kind.replace(/_/g, " ");
}

/** Text colour (black or white) with the higher contrast on a background "#RRGGBB" (WCAG). */
export function readableTextColor(background: string): "#000000" | "#ffffff" {
  const luminance = relativeLuminance(background);
  if (luminance === null) return "#000000";
  const againstWhite = 1.05 / (luminance + 0.05);
  const againstBlack = (luminance + 0.05) / 0.05;
  return againstBlack >= againstWhite ? "#000000" : "#ffffff";
}

function relativeLuminance(hex: string): number | null {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!match) return null;
  const [r, g, b] = [match[1], match[2], match[3]].map((part) => {
    const channel = parseInt(part ?? "0", 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

/** The first sentence of a text (up to the first ". " or line break), for summaries on cards. */
export function firstSentence(text: string): string {
  const firstParagraph = text.trim().split(/\n+/)[0] ?? "";
  const match = /^(.+?[.!?])(\s|$)/.exec(firstParagraph);
  return (match?.[1] ?? firstParagraph).trim();
}

/** Paragraphs of a text written with blank lines (or single line breaks) between them. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n|\n/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Shortens a long title for breadcrumbs, cutting at a word boundary: "Potenciar la…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

/** Lower-case text without accents, for accent- and case-insensitive search. */
export function normalizeForSearch(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

const percentFormat = new Intl.NumberFormat("es-CL", { maximumFractionDigits: 0 });

/**
 * A share (0.84) as a Chilean percentage: "84 %" (a space before the sign, as the RAE and ISO
 * write it; a no-break space, so the sign never starts a line).
 */
export function formatPercent(share: number): string {
  return t("format.percent", { value: percentFormat.format(share * 100) }).replace(" ", "\u00a0");
}

/** A file size: "812 B", "34,5 KB", "2,1 MB" (units of 1024). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return t("format.fileSize.bytes", { value: bytes });
  const oneDecimal = new Intl.NumberFormat("es-CL", { maximumFractionDigits: 1 });
  if (bytes < 1024 * 1024)
    return t("format.fileSize.kb", { value: oneDecimal.format(bytes / 1024) });
  return t("format.fileSize.mb", { value: oneDecimal.format(bytes / (1024 * 1024)) });
}

/** A number with its unit: "84 %", "12 talleres", "$ 1.000" for pesos. */
export function formatWithUnit(value: number, unit: string | null): string {
  if (!unit) return formatNumber(value);
  if (unit === "%") return `${formatNumber(value)}\u00a0%`;
  if (unit === "$" || unit.toUpperCase() === "CLP") return formatClp(value);
  return `${formatNumber(value)} ${unit}`;
}

/** Reads a number as Chileans write it ("1.234,5", "12,5", "84"); null when it is not one. */
export function parseLocaleNumber(text: string): number | null {
  const trimmed = text.trim().replace(/\s/g, "");
  if (trimmed === "") return null;
  let normalized = trimmed;
  if (normalized.includes(",")) normalized = normalized.replace(/\./g, "").replace(",", ".");
  else if (/^-?\d{1,3}(\.\d{3})+$/.test(normalized)) normalized = normalized.replace(/\./g, "");
  if (!/^-?\d+(\.\d+)?$/.test(normalized)) return null;
  const value = Number(normalized);
  return Number.isFinite(value) ? value : null;
}

/** A number to show in an input: 1234.5 → "1234,5" (no grouping, so it reads back the same). */
export function numberForInput(value: number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(".", ",");
}
