import type { ItemDetail, PlanSummary } from "../types";
import { approvalStatusLabel, itemStatusLabel, readableTextColor } from "../i18n/format";
import { t } from "../i18n/es-CL";

export function ApprovalBadge({ status }: { status: PlanSummary["approvalStatus"] }) {
  return <span className={`badge badge-approval-${status}`}>{approvalStatusLabel(status)}</span>;
}

export function ItemStatusBadge({ status }: { status: ItemDetail["status"] }) {
  return <span className={`badge badge-status-${status}`}>{itemStatusLabel(status)}</span>;
}

export function DemoBadge() {
  return <span className="badge badge-demo">{t("plan.demoBadge")}</span>;
}

type Sdg = ItemDetail["sdgs"][number];

/** "ODS 4 · Educación de calidad" on the goal's official colour, text black or white by contrast. */
export function SdgChip({ sdg }: { sdg: Sdg }) {
  return (
    <span
      className="sdg-chip"
      style={{ backgroundColor: sdg.color, color: readableTextColor(sdg.color) }}
    >
      {t("item.sdgChip", { number: sdg.goalNumber, title: sdg.goalTitle })}
    </span>
  );
}
