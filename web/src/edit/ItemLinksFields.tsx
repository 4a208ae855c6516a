import { useState } from "react";
import { api } from "../api";
import { useApi } from "../hooks/useApi";
import { t } from "../i18n/es-CL";
import { territoryKindLabel } from "../i18n/format";
import type { PlanDetail, TerritoryList, UnitList } from "../types";
import { ListError } from "./fields";
import { FundingField, SdgsField } from "./FundingSdgFields";
import { RemoveButton, updateRow, withoutRow } from "./EditableRows";
import { unitErrorPath, type LinksDraft, type LinksFieldProps, type UnitRole } from "./item-links";
import "../styles/edit-links.css";

interface Props {
  cut: string;
  planId: string;
  draft: LinksDraft;
  onChange: (next: LinksDraft) => void;
  /** Field errors by the server's path without "body." ("funding.0.amount"). */
  errors: Record<string, string>;
}

/**
 * The links of an item in its form: responsible and co-responsible units, territories,
 * funding, SDGs and transversal axes. Each list is a set of rows with a "quitar" button and an
 * "agregar" control below it, all usable with the keyboard; each error sits under its row.
 */
export function ItemLinksFields({ cut, planId, draft, onChange, errors }: Props) {
  const set = <K extends keyof LinksDraft>(key: K, value: LinksDraft[K]) =>
    onChange({ ...draft, [key]: value });
  return (
    <>
      <UnitsField cut={cut} draft={draft} set={set} errors={errors} />
      <TerritoriesField cut={cut} draft={draft} set={set} errors={errors} />
      <FundingField planId={planId} cut={cut} draft={draft} set={set} errors={errors} />
      <SdgsField draft={draft} set={set} errors={errors} />
      <AxesField cut={cut} planId={planId} draft={draft} set={set} errors={errors} />
    </>
  );
}

/** The "quitar" buttons of the lists of names (units, territories). */
const SMALL = "button button-secondary button-small";

/** A select of what can still be added, and its button. */
function AddControl({
  id,
  label,
  options,
  onAdd,
}: {
  id: string;
  label: string;
  options: Array<{ value: string; label: string }>;
  onAdd: (value: string) => void;
}) {
  const [value, setValue] = useState("");
  const chosen = options.some((o) => o.value === value) ? value : "";
  return (
    <div className="links-add">
      <label htmlFor={id}>{label}</label>
      <div className="links-add-row">
        <select id={id} value={chosen} onChange={(e) => setValue(e.target.value)}>
          <option value="">{t("itemLinks.choose")}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button-secondary"
          disabled={!chosen}
          onClick={() => {
            onAdd(chosen);
            setValue("");
          }}
        >
          {t("itemLinks.add")}
        </button>
      </div>
    </div>
  );
}

function UnitsField({ cut, draft, set, errors }: Omit<LinksFieldProps, "planId">) {
  const units = useApi<UnitList>(api.units(cut));
  const all = units.status === "success" ? units.data.items : [];
  const nameOf = (id: string) => all.find((u) => u.id === id)?.name ?? t("itemLinks.loadingName");
  const taken = new Set(draft.units.map((u) => u.id));
  const options = all
    .filter((u) => !taken.has(u.id))
    .map((u) => ({ value: u.id, label: u.shortName ? `${u.name} (${u.shortName})` : u.name }))
    .sort((a, b) => a.label.localeCompare(b.label, "es"));
  const listError = errors.responsibleUnitIds ?? errors.coResponsibleUnitIds;
  return (
    <fieldset className="links-group">
      <legend>{t("itemLinks.units")}</legend>
      <p className="field-hint">{t("itemLinks.unitsHint")}</p>
      {draft.units.length === 0 ? (
        <p className="muted">{t("itemLinks.unitsEmpty")}</p>
      ) : (
        <ul className="links-list">
          {draft.units.map((row, i) => {
            const name = nameOf(row.id);
            const error = errors[unitErrorPath(draft, i)];
            const id = `links-unit-${i}`;
            return (
              <li key={row.id} className={error ? "field-invalid" : undefined}>
                <span className="links-name">{name}</span>
                <label className="visually-hidden" htmlFor={id}>
                  {t("itemLinks.unitRole", { name })}
                </label>
                <select
                  id={id}
                  value={row.role}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                  onChange={(e) =>
                    set("units", updateRow(draft.units, i, { role: e.target.value as UnitRole }))
                  }
                >
                  <option value="responsible">{t("unitRole.responsible")}</option>
                  <option value="co_responsible">{t("unitRole.co_responsible")}</option>
                </select>
                <RemoveButton
                  name={name}
                  className={SMALL}
                  onClick={() => set("units", withoutRow(draft.units, i))}
                />
                <ListError id={`${id}-error`} message={error} />
              </li>
            );
          })}
        </ul>
      )}
      <ListError id="links-units-error" message={listError} />
      <AddControl
        id="links-unit-add"
        label={t("itemLinks.unitAdd")}
        options={options}
        onAdd={(id) =>
          set("units", [
            ...draft.units,
            {
              id,
              role: draft.units.some((u) => u.role === "responsible")
                ? "co_responsible"
                : "responsible",
            },
          ])
        }
      />
    </fieldset>
  );
}

function TerritoriesField({ cut, draft, set, errors }: Omit<LinksFieldProps, "planId">) {
  const territories = useApi<TerritoryList>(api.territories(cut));
  const all = territories.status === "success" ? territories.data.items : [];
  const labelOf = (id: string) => {
    const found = all.find((x) => x.id === id);
    return found
      ? t("item.territory", { name: found.name, kind: territoryKindLabel(found.kind) })
      : t("itemLinks.loadingName");
  };
  const taken = new Set(draft.territoryIds);
  const options = all
    .filter((x) => !taken.has(x.id))
    .map((x) => ({ value: x.id, label: labelOf(x.id) }))
    .sort((a, b) => a.label.localeCompare(b.label, "es"));
  return (
    <fieldset className="links-group">
      <legend>{t("item.territories")}</legend>
      {draft.territoryIds.length === 0 ? (
        <p className="muted">{t("itemLinks.territoriesEmpty")}</p>
      ) : (
        <ul className="links-list">
          {draft.territoryIds.map((id, i) => {
            const error = errors[`territoryIds.${i}`];
            const label = labelOf(id);
            return (
              <li key={id} className={error ? "field-invalid" : undefined}>
                <span className="links-name">{label}</span>
                <RemoveButton
                  name={label}
                  className={SMALL}
                  onClick={() => set("territoryIds", withoutRow(draft.territoryIds, i))}
                />
                <ListError id={`links-territory-${i}-error`} message={error} />
              </li>
            );
          })}
        </ul>
      )}
      <ListError id="links-territories-error" message={errors.territoryIds} />
      <AddControl
        id="links-territory-add"
        label={t("itemLinks.territoryAdd")}
        options={options}
        onAdd={(id) => set("territoryIds", [...draft.territoryIds, id])}
      />
    </fieldset>
  );
}

function AxesField({ planId, cut, draft, set, errors }: LinksFieldProps) {
  const plan = useApi<PlanDetail>(api.plan(cut, planId));
  const axes = plan.status === "success" ? plan.data.transversalAxes : [];
  if (axes.length === 0) return null;
  const chosen = new Set(draft.axisKeys);
  return (
    <fieldset className="links-group">
      <legend>{t("itemLinks.axes")}</legend>
      <ul className="links-checks">
        {axes.map((axis, i) => (
          <li key={axis.key}>
            <input
              type="checkbox"
              id={`links-axis-${i}`}
              checked={chosen.has(axis.key)}
              onChange={(e) =>
                set(
                  "axisKeys",
                  e.target.checked
                    ? [...draft.axisKeys, axis.key]
                    : draft.axisKeys.filter((k) => k !== axis.key),
                )
              }
            />
            <label htmlFor={`links-axis-${i}`}>{axis.name}</label>
          </li>
        ))}
      </ul>
      <ListError
        id="links-axes-error"
        message={
          errors.transversalAxisKeys ??
          Object.entries(errors).find(([k]) => k.startsWith("transversalAxisKeys."))?.[1]
        }
      />
    </fieldset>
  );
}
