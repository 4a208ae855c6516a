import type { Insertable } from "kysely";
import type { Database } from "../../db/schema";
import { parseDeadline } from "../../domain/deadline";

/** An item as a plan writes it (the demo fixture, an imported workbook). */
export interface WrittenItem {
  level: string;
  title: string;
  description?: string | undefined;
  deadlineText?: string | undefined;
  responsibleText?: string | undefined;
  fundingText?: string | undefined;
}

/**
 * The row of an item read from a plan, at its place in the tree: the texts as
 * written, the dates read off the deadline text when it names a range.
 */
export function itemRow(
  m: string,
  place: { id: string; planId: string; parentId: string | null; code: string; sort: number },
  node: WrittenItem,
  sourceRef: string | null,
): Insertable<Database["plan_item"]> {
  const deadline = parseDeadline(node.deadlineText);
  return {
    id: place.id,
    municipality_id: m,
    plan_id: place.planId,
    parent_id: place.parentId,
    level_key: node.level,
    code: place.code,
    sort: place.sort,
    title: node.title,
    description: node.description ?? "",
    start_date: deadline.kind === "range" ? deadline.start : null,
    end_date: deadline.kind === "range" ? deadline.end : null,
    deadline_text: node.deadlineText ?? null,
    responsible_text: node.responsibleText ?? null,
    funding_text: node.fundingText ?? null,
    source_ref: sourceRef,
  };
}
