import { Fragment, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { routes } from "../api";
import { SdgChip } from "../components/Badges";
import { LongText } from "../components/LongText";
import { t, tParts } from "../i18n/es-CL";
import {
  formatClp,
  formatDate,
  formatNumber,
  territoryKindLabel,
  unitRoleLabel,
} from "../i18n/format";
import type { ItemDetail } from "../types";

/** The "Ficha": who, when, with what money, for which goals, where, as a definition list. */
export function ItemSheet({ item, cut }: { item: ItemDetail; cut: string }) {
  return (
    <dl className="sheet">
      <Row term={t("item.responsible")}>
        <Responsible item={item} />
      </Row>
      <Row term={t("item.deadline")}>{deadline(item)}</Row>
      <Row term={t("item.funding")}>
        <Funding item={item} />
      </Row>
      {item.sdgs.length > 0 && (
        <Row term={t("item.sdgs")}>
          <ul className="plain-list sdg-list">
            {groupSdgs(item.sdgs).map((goal) => (
              <li key={goal.sdg.goalNumber} className="sdg-entry">
                <SdgChip sdg={goal.sdg} />
                {goal.fromEditor && <span className="muted small">{t("item.sdgEditor")}</span>}
                {goal.targets.length > 0 && (
                  <ul className="sdg-targets">
                    {goal.targets.map((target) => (
                      <li key={target.code}>
                        {t("item.sdgTarget", { code: target.code })}
                        {target.title && (
                          <>
                            {t("common.separator")}
                            {target.title}
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </Row>
      )}
      {item.transversalAxes.length > 0 && (
        <Row term={t("item.transversalAxes")}>
          <ul className="chip-list">
            {item.transversalAxes.map((axis) => (
              <li key={axis.key} className="chip">
                {axis.name}
              </li>
            ))}
          </ul>
        </Row>
      )}
      {item.territories.length > 0 && (
        <Row term={t("item.territories")}>
          <ul className="plain-list">
            {item.territories.map((territory) => (
              <li key={territory.id}>
                {t("item.territory", {
                  name: territory.name,
                  kind: territoryKindLabel(territory.kind),
                })}
              </li>
            ))}
          </ul>
        </Row>
      )}
      {item.dependencies.length > 0 && (
        <Row term={t("item.dependencies")}>
          <ul className="plain-list">
            {item.dependencies.map((dependency) => (
              <li key={dependency.id}>
                <Link to={routes.item(cut, dependency.id)}>
                  {t("item.heading", { level: dependency.levelName, code: dependency.code })}
                  {t("common.separator")}
                  {dependency.title}
                </Link>
              </li>
            ))}
          </ul>
        </Row>
      )}
      {item.assumptions && (
        <Row term={t("item.assumptions")}>
          <LongText text={item.assumptions} />
        </Row>
      )}
      <Row term={t("item.weight")}>{formatNumber(item.weight)}</Row>
      {item.sourceRef && <Row term={t("item.sourceRef")}>{item.sourceRef}</Row>}
    </dl>
  );
}

type Sdg = ItemDetail["sdgs"][number];

/** One entry per goal: the API lists a goal and each of its targets as separate links. */
function groupSdgs(sdgs: Sdg[]): Array<{
  sdg: Sdg;
  fromEditor: boolean;
  targets: Array<{ code: string; title: string | null }>;
}> {
  const goals = new Map<
    number,
    { sdg: Sdg; fromEditor: boolean; targets: Array<{ code: string; title: string | null }> }
  >();
  for (const sdg of sdgs) {
    const goal = goals.get(sdg.goalNumber) ?? { sdg, fromEditor: false, targets: [] };
    goal.fromEditor ||= sdg.origin === "editor";
    if (sdg.targetCode && !goal.targets.some((target) => target.code === sdg.targetCode)) {
      goal.targets.push({ code: sdg.targetCode, title: sdg.targetTitle });
    }
    goals.set(sdg.goalNumber, goal);
  }
  return [...goals.values()].sort((a, b) => a.sdg.goalNumber - b.sdg.goalNumber);
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="sheet-row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Responsible({ item }: { item: ItemDetail }) {
  const units = item.responsibleUnits;
  const asWritten = item.responsibleText?.trim() ?? "";
  const sameAsUnits = units.length === 1 && units[0]?.name === asWritten;
  if (units.length === 0 && !asWritten)
    return <span className="muted">{t("item.noResponsible")}</span>;
  return (
    <>
      {units.length > 0 && (
        <ul className="plain-list">
          {units.map((unit) => (
            <li key={`${unit.id}-${unit.role}`}>
              <span className={`role role-${unit.role}`}>{unitRoleLabel(unit.role)}</span>{" "}
              {unit.name}
              {unit.shortName && unit.shortName !== unit.name && (
                <span className="muted"> ({unit.shortName})</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {asWritten && !sameAsUnits && (
        <p className={units.length > 0 ? "as-written" : undefined}>
          {units.length > 0 ? t("item.responsibleAsWritten", { text: asWritten }) : asWritten}
        </p>
      )}
    </>
  );
}

/** "2024-2029 (01-01-2024 a 31-12-2029)": the deadline as the plan writes it, and as dates. */
function deadline(item: ItemDetail): ReactNode {
  const text = item.deadlineText?.trim() ?? "";
  const start = item.startDate ? <DateText iso={item.startDate} /> : null;
  const end = item.endDate ? <DateText iso={item.endDate} /> : null;
  const dates =
    start && end
      ? tParts("item.dateRange", { start, end })
      : start
        ? tParts("item.dateFrom", { start })
        : end
          ? tParts("item.dateUntil", { end })
          : null;
  const datesNode = dates && <Pieces pieces={dates} />;
  if (text && datesNode)
    return <Pieces pieces={tParts("item.deadlineInterpreted", { text, dates: datesNode })} />;
  if (text) return text;
  if (datesNode) return datesNode;
  return <span className="muted">{t("item.noDeadline")}</span>;
}

function DateText({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} className="nowrap">
      {formatDate(iso)}
    </time>
  );
}

function Pieces({ pieces }: { pieces: ReactNode[] }) {
  return (
    <>
      {pieces.map((piece, index) => (
        <Fragment key={index}>{piece}</Fragment>
      ))}
    </>
  );
}

function Funding({ item }: { item: ItemDetail }) {
  const asWritten = item.fundingText?.trim() ?? "";
  if (item.funding.length === 0 && !asWritten)
    return <span className="muted">{t("item.noFunding")}</span>;
  return (
    <>
      {item.funding.length > 0 && (
        <ul className="plain-list">
          {item.funding.map((source, index) => (
            <li key={`${source.sourceCode}-${source.year ?? ""}-${index}`}>
              <strong>{source.sourceName}</strong>
              {source.year !== null && (
                <>
                  {t("common.separator")}
                  {t("item.fundingYear", { year: source.year })}
                </>
              )}
              {source.amount !== null && (
                <>
                  {t("common.separator")}
                  <span className="amount">{formatClp(source.amount)}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {asWritten && (
        <p className={item.funding.length > 0 ? "as-written" : undefined}>
          {item.funding.length > 0 ? t("item.fundingAsWritten", { text: asWritten }) : asWritten}
        </p>
      )}
    </>
  );
}
