import { PERIODICITY_LABEL } from "./labels";
import type { ExportData, ExportIndicatorRow, ExportItemRow } from "./queries";
import type { TEMPLATE_HEADER } from "./template";

export type TemplateRow = Partial<Record<(typeof TEMPLATE_HEADER)[number], string>>;

const LOCAL_OBJECTIVE = "local_objective";

/**
 * A plan as rows of the template (one per activity and indicator), so that a
 * planner can download the plan as it is, edit it in the flat layout and bring
 * it back: strategic-table paths (EJE … PROYECTO/ESTUDIOS) and action rows
 * (EJE, OBJETIVO LOCAL … PERIODICIDAD), each with its CÓDIGO. One SDG per row
 * fits the ODS list: an item with several keeps the first here (the xlsx
 * export has them all).
 */
export function templateRows(data: ExportData, sdgLabels: Map<number, string>): TemplateRow[] {
  const children = new Map<string | null, ExportItemRow[]>();
  for (const item of data.items)
    children.set(item.parentId, [...(children.get(item.parentId) ?? []), item]);
  const indicatorsOf = new Map<string, ExportIndicatorRow[]>();
  for (const i of data.indicators)
    indicatorsOf.set(i.itemCode, [...(indicatorsOf.get(i.itemCode) ?? []), i]);
  const kids = (item: ExportItemRow) => children.get(item.id) ?? [];
  const rows: TemplateRow[] = [];

  for (const axis of children.get(null) ?? []) {
    const leaves = (node: ExportItemRow, path: ExportItemRow[]) => {
      const below = kids(node);
      if (below.length === 0) {
        rows.push({
          CÓDIGO: node.code,
          EJE: axis.title,
          "OBJETIVO ESTRATÉGICO": path[0]?.title,
          PLAN: path[1]?.title,
          PROGRAMA: path[2]?.title,
          "PROYECTO/ESTUDIOS":
            path
              .slice(3)
              .map((p) => p.title)
              .join(" / ") || undefined,
        });
      }
      for (const k of below) leaves(k, [...path, k]);
    };
    for (const child of kids(axis).filter((k) => k.level !== LOCAL_OBJECTIVE))
      leaves(child, [child]);

    for (const objective of kids(axis).filter((k) => k.level === LOCAL_OBJECTIVE)) {
      const actions = kids(objective);
      if (actions.length === 0)
        rows.push({ CÓDIGO: objective.code, EJE: axis.title, "OBJETIVO LOCAL": objective.title });
      for (const action of actions) {
        const activities = kids(action);
        for (const activity of activities.length ? activities : [action]) {
          const indicators = indicatorsOf.get(activity.code) ?? [];
          const sdg = activity.sdgs[0];
          const base: TemplateRow = {
            CÓDIGO: activity.code,
            EJE: axis.title,
            "OBJETIVO LOCAL": objective.title,
            "PROGRAMA O PROYECTO": action.title,
            ...(activity === action ? {} : { ACTIVIDAD: activity.title }),
            ...(activity.deadlineText ? { PLAZO: activity.deadlineText } : {}),
            ...(sdg === undefined ? {} : { ODS: sdgLabels.get(sdg) ?? String(sdg) }),
            ...(activity.responsibleText || activity.units.length
              ? { RESPONSABLE: activity.responsibleText ?? activity.units.join("; ") }
              : {}),
            ...(activity.fundingText ? { FINANCIAMIENTO: activity.fundingText } : {}),
          };
          if (indicators.length === 0) rows.push(base);
          for (const i of indicators)
            rows.push({
              ...base,
              INDICADOR: i.name,
              ...(i.targetText !== null || i.targetValue !== null
                ? { META: i.targetText ?? String(i.targetValue) }
                : {}),
              PERIODICIDAD: PERIODICITY_LABEL[i.periodicity],
            });
        }
      }
    }
  }
  return rows;
}
