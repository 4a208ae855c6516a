import { useState, type FormEvent } from "react";
import { asApiError, sendJson } from "../api";
import { FormMessage } from "../components/Form";
import { EditField, noErrors, writeErrors, type WriteErrors } from "../edit/fields";
import { t } from "../i18n/es-CL";
import { formatNumber } from "../i18n/format";
import { priorityLabel } from "./Legend";
import { mapApi } from "./mapApi";
import type { ProblemProperties } from "./types";

interface Choice {
  key: string;
  name: string;
}

/**
 * Adds a prioritised problem (at a point picked on the map, or for a territory) or edits one
 * (title, description, category, priority). Field errors appear next to their field.
 */
export function ProblemForm({
  cut,
  problem,
  point,
  territories,
  onDone,
  onCancel,
}: {
  cut: string;
  /** The problem being edited; absent to add one. */
  problem?: ProblemProperties;
  /** Where the new problem is (picked on the map); null: for a territory. */
  point?: [number, number] | null;
  territories: Choice[];
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(problem?.title ?? "");
  const [description, setDescription] = useState(problem?.description ?? "");
  const [category, setCategory] = useState(problem?.category ?? "");
  const [priority, setPriority] = useState(String(problem?.priority ?? 3));
  const [territoryId, setTerritoryId] = useState(problem?.territoryId ?? "");
  const [errors, setErrors] = useState<WriteErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const prefix = problem ? `problema-${problem.id}` : "problema-nuevo";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!title.trim()) local.title = t("map.problem.error.title");
    if (!problem && !point && !territoryId) local.territoryId = t("map.problem.error.where");
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, form: t("edit.error.fields") });
      return;
    }
    setBusy(true);
    const body = {
      title: title.trim(),
      description: description.trim(),
      category: category.trim(),
      priority: Number(priority),
      territoryId: territoryId || null,
    };
    try {
      if (problem)
        await sendJson("PATCH", mapApi.problem(cut, problem.id), {
          ...body,
          version: problem.version,
        });
      else
        await sendJson("POST", mapApi.problemsWrite(cut), {
          ...body,
          point: point ? { type: "Point", coordinates: point } : null,
        });
      setErrors(noErrors);
      onDone(problem ? t("map.problem.saved") : t("map.problem.created"));
    } catch (error) {
      const apiError = asApiError(error);
      setErrors(
        apiError.status === 409
          ? { fields: {}, form: t("map.problem.conflict") }
          : writeErrors(apiError),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="edit-form map-form" onSubmit={submit} noValidate>
      <h3>{problem ? t("map.problem.editTitle") : t("map.problem.addTitle")}</h3>
      {!problem && point && (
        <p className="muted small">
          {t("map.problem.at", {
            lat: formatNumber(Number(point[1].toFixed(5))),
            lon: formatNumber(Number(point[0].toFixed(5))),
          })}
        </p>
      )}
      <FormMessage tone="error">{errors.form}</FormMessage>
      <EditField
        id={`${prefix}-titulo`}
        label={t("map.problem.title")}
        error={errors.fields.title}
        required
      >
        {(props) => <input {...props} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </EditField>
      <EditField
        id={`${prefix}-prioridad`}
        label={t("map.problem.priority")}
        error={errors.fields.priority}
      >
        {(props) => (
          <select {...props} value={priority} onChange={(e) => setPriority(e.target.value)}>
            {[1, 2, 3, 4, 5].map((p) => (
              <option key={p} value={p}>
                {priorityLabel(p)}
              </option>
            ))}
          </select>
        )}
      </EditField>
      <EditField
        id={`${prefix}-territorio`}
        label={t("map.problem.territory")}
        hint={point || problem ? t("map.problem.territoryHintPoint") : undefined}
        error={errors.fields.territoryId}
      >
        {(props) => (
          <select {...props} value={territoryId} onChange={(e) => setTerritoryId(e.target.value)}>
            <option value="">{t("map.problem.territoryNone")}</option>
            {territories.map((choice) => (
              <option key={choice.key} value={choice.key}>
                {choice.name}
              </option>
            ))}
          </select>
        )}
      </EditField>
      <EditField
        id={`${prefix}-categoria`}
        label={t("map.problem.category")}
        error={errors.fields.category}
      >
        {(props) => (
          <input {...props} value={category} onChange={(e) => setCategory(e.target.value)} />
        )}
      </EditField>
      <EditField
        id={`${prefix}-descripcion`}
        label={t("map.problem.description")}
        error={errors.fields.description}
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </EditField>
      <p className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {problem ? t("map.problem.save") : t("map.problem.create")}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t("map.cancel")}
        </button>
      </p>
    </form>
  );
}
