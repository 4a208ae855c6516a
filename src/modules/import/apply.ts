import { randomUUID } from "node:crypto";
import { sql, type Insertable } from "kysely";
import type { Database } from "../../db/schema";
import { parseDeadline } from "../../domain/deadline";
import { matchFundingSources } from "../../domain/funding";
import { normalizeText } from "../../domain/text";
import { nextChildCode } from "../../domain/tree";
import { indicatorRow } from "../indicators/from-text";
import { itemRow } from "../plans/item-row";
import type { MunicipalityScope } from "../../server/scope";
import type { Diff, ExistingItem } from "./diff";
import type { ImportItem } from "./tree";

/**
 * Writes a confirmed import, in the caller's transaction: new units the planner
 * confirmed, new items under their matched (or new) parents with fresh codes,
 * changed fields of matched items, new indicators and changed targets, and, only
 * when asked, the removal of the plan's items that the workbook does not have.
 * One audit entry records every change.
 */
export type UnitChoice =
  | { text: string; kind: "unit"; unitIds: string[] }
  | { text: string; kind: "create"; name: string }
  | { text: string; kind: "none" };

export interface ApplyResult {
  planId: string;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  unitsCreated: number;
}

export async function applyImport(
  scope: MunicipalityScope,
  input: {
    planId: string;
    items: readonly ImportItem[];
    diff: Diff;
    existing: readonly ExistingItem[];
    choices: readonly UnitChoice[];
    deleteMissing: boolean;
    fileName: string;
    sha256: string;
    /** The import job confirmed (import_job; swept an hour after the upload). */
    jobId?: string;
  },
): Promise<ApplyResult> {
  const m = scope.municipality.id;
  const { trx } = scope;
  const { planId, diff } = input;

  // Units: the confirmed choices, new units created first.
  const unitsOf = new Map<string, string[]>();
  let unitsCreated = 0;
  for (const choice of input.choices) {
    if (choice.kind === "unit") unitsOf.set(choice.text, choice.unitIds);
    if (choice.kind === "create") {
      const existingUnit = await trx
        .selectFrom("org_unit")
        .select("id")
        .where("municipality_id", "=", m)
        .where("name", "=", choice.name)
        .executeTakeFirst();
      const id =
        existingUnit?.id ??
        (
          await trx
            .insertInto("org_unit")
            .values({
              municipality_id: m,
              parent_id: null,
              name: choice.name,
              aliases: choice.name === choice.text ? [] : [choice.text],
              sort: 1000 + unitsCreated,
            })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
      if (!existingUnit) {
        unitsCreated++;
        await scope.audit({
          action: "create",
          entityType: "unit",
          entityId: id,
          after: { name: choice.name, source: input.fileName },
        });
      }
      unitsOf.set(choice.text, [id]);
    }
  }
  for (const mapping of diff.units) {
    if (unitsOf.has(mapping.text) || input.choices.some((c) => c.text === mapping.text)) continue;
    if (mapping.match.kind === "exact" || mapping.match.kind === "normalized")
      unitsOf.set(mapping.text, [mapping.match.unitId]);
    if (mapping.match.kind === "parts") unitsOf.set(mapping.text, mapping.match.unitIds);
  }

  const codes = new Set(input.existing.map((e) => e.code));
  const nextSort = new Map<string | null, number>();
  for (const e of input.existing)
    nextSort.set(e.parentId, Math.max(nextSort.get(e.parentId) ?? 0, e.sort + 1));

  const rows = {
    items: [] as Insertable<Database["plan_item"]>[],
    units: [] as Insertable<Database["plan_item_unit"]>[],
    funding: [] as Insertable<Database["plan_item_funding"]>[],
    sdg: [] as Insertable<Database["plan_item_sdg"]>[],
    indicators: [] as Insertable<Database["indicator"]>[],
  };
  const created: Array<{ code: string; title: string }> = [];
  const updated: Array<{ id: string; code: string; changes: unknown }> = [];
  let unchanged = 0;
  const entryOf = new Map(diff.entries.map((e, i) => [i, e]));
  let index = 0;

  const detailRows = (node: ImportItem, itemId: string) => {
    (unitsOf.get(node.responsibleText?.trim() ?? "") ?? []).forEach((unitId, i) =>
      rows.units.push({
        municipality_id: m,
        item_id: itemId,
        unit_id: unitId,
        role: i === 0 ? "responsible" : "co_responsible",
        sort: i,
      }),
    );
    matchFundingSources(node.fundingText).forEach((f, i) =>
      rows.funding.push({
        municipality_id: m,
        item_id: itemId,
        source_code: f.code,
        year: f.year,
        sort: i,
      }),
    );
  };

  const walk = async (
    nodes: readonly ImportItem[],
    parentId: string | null,
    parentCode: string | null,
  ) => {
    for (const node of nodes) {
      const match = diff.matches.get(node) ?? null;
      const entry = entryOf.get(index++)!;
      if (!match) {
        const id = randomUUID();
        // The workbook's code when it is free and a child of the parent's (an exported plan
        // keeps its codes); otherwise the next free one.
        const code =
          node.code !== undefined && !codes.has(node.code) && isChildCode(node.code, parentCode)
            ? node.code
            : nextChildCode(
                parentCode,
                parentCode === null
                  ? [...codes].filter((c) => !c.includes("."))
                  : [...codes].filter((c) => c.startsWith(`${parentCode}.`)),
              );
        codes.add(code);
        const sort = nextSort.get(parentId) ?? 0;
        nextSort.set(parentId, sort + 1);
        rows.items.push(
          itemRow(
            m,
            { id, planId, parentId, code, sort },
            node,
            `${input.fileName}: ${node.sourceRef ?? ""}`.slice(0, 500),
          ),
        );
        detailRows(node, id);
        for (const goal of new Set(node.sdg))
          rows.sdg.push({
            municipality_id: m,
            item_id: id,
            goal_number: Number(goal.split(".")[0]),
            target_code: goal.includes(".") ? goal : null,
            origin: node.sdgOrigin ?? "source",
          });
        node.indicators.forEach((ind, i) => rows.indicators.push(indicatorRow(m, id, ind, i)));
        created.push({ code, title: node.title });
        await walk(node.children, id, code);
        continue;
      }
      if (entry.kind === "update") {
        await updateItem(
          scope,
          node,
          match,
          entry.changes.map((c) => c.field),
          rows,
          detailRows,
        );
        updated.push({ id: match.id, code: match.code, changes: entry.changes });
      } else unchanged++;
      await walk(node.children, match.id, match.code);
    }
  };
  await walk(input.items, null, null);

  await inChunks(rows.items, (c) => trx.insertInto("plan_item").values(c).execute());
  await inChunks(rows.units, (c) => trx.insertInto("plan_item_unit").values(c).execute());
  await inChunks(rows.funding, (c) => trx.insertInto("plan_item_funding").values(c).execute());
  await inChunks(rows.sdg, (c) => trx.insertInto("plan_item_sdg").values(c).execute());
  await inChunks(rows.indicators, (c) => trx.insertInto("indicator").values(c).execute());

  let deleted = 0;
  if (input.deleteMissing && diff.missing.length > 0) {
    const result = await trx
      .deleteFrom("plan_item")
      .where("municipality_id", "=", m)
      .where(
        "id",
        "in",
        diff.missing.map((x) => x.itemId),
      )
      .executeTakeFirst();
    deleted = Number(result.numDeletedRows);
  }

  const result: ApplyResult = {
    planId,
    created: created.length,
    updated: updated.length,
    unchanged,
    deleted,
    unitsCreated,
  };
  await scope.audit({
    action: "update",
    entityType: "plan_import",
    entityId: planId,
    after: {
      file: input.fileName,
      sha256: input.sha256,
      ...(input.jobId ? { job: input.jobId } : {}),
      ...result,
      createdItems: created,
      updatedItems: updated,
      deletedItems: input.deleteMissing ? diff.missing : [],
    },
  });
  return result;
}

async function updateItem(
  scope: MunicipalityScope,
  node: ImportItem,
  match: ExistingItem,
  fields: string[],
  rows: { indicators: Insertable<Database["indicator"]>[] },
  detailRows: (node: ImportItem, itemId: string) => void,
): Promise<void> {
  const m = scope.municipality.id;
  const { trx } = scope;
  const deadline = parseDeadline(node.deadlineText);
  await trx
    .updateTable("plan_item")
    .set({
      ...(fields.includes("title") ? { title: node.title } : {}),
      ...(fields.includes("deadline")
        ? {
            deadline_text: node.deadlineText ?? null,
            start_date: deadline.kind === "range" ? deadline.start : null,
            end_date: deadline.kind === "range" ? deadline.end : null,
          }
        : {}),
      ...(fields.includes("responsible") ? { responsible_text: node.responsibleText ?? null } : {}),
      ...(fields.includes("funding") ? { funding_text: node.fundingText ?? null } : {}),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where("municipality_id", "=", m)
    .where("id", "=", match.id)
    .execute();
  if (fields.includes("responsible"))
    await trx
      .deleteFrom("plan_item_unit")
      .where("municipality_id", "=", m)
      .where("item_id", "=", match.id)
      .execute();
  if (fields.includes("funding"))
    await trx
      .deleteFrom("plan_item_funding")
      .where("municipality_id", "=", m)
      .where("item_id", "=", match.id)
      .execute();
  if (fields.includes("responsible") || fields.includes("funding")) {
    const only = {
      ...node,
      responsibleText: fields.includes("responsible") ? node.responsibleText : undefined,
      fundingText: fields.includes("funding") ? node.fundingText : undefined,
    };
    detailRows(only, match.id);
  }
  if (fields.includes("indicators")) {
    const have = new Map(match.indicators.map((i) => [normalizeText(i.name), i]));
    let sort = match.indicators.length;
    for (const ind of node.indicators) {
      const h = have.get(normalizeText(ind.text));
      if (!h) rows.indicators.push(indicatorRow(m, match.id, ind, sort++));
      else if (
        ind.targetText !== undefined &&
        normalizeText(h.targetText ?? "") !== normalizeText(ind.targetText)
      )
        await trx
          .updateTable("indicator")
          .set({
            target_text: ind.targetText,
            target_value: ind.targetValue ?? null,
            version: sql`version + 1`,
            updated_at: sql`now()`,
          })
          .where("municipality_id", "=", m)
          .where("id", "=", h.id)
          .execute();
    }
  }
}

async function inChunks<R>(rows: R[], insert: (chunk: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

/** Whether `code` names a direct child of `parentCode` (a root when null): 2.3.1 under 2.3. */
function isChildCode(code: string, parentCode: string | null): boolean {
  const prefix = parentCode === null ? "" : `${parentCode}.`;
  return code.startsWith(prefix) && /^\d+$/.test(code.slice(prefix.length));
}
