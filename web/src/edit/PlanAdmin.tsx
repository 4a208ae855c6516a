import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { api, asApiError, sendJson } from "../api";
import { FormMessage } from "../components/Form";
import { invalidateApi, primeApi } from "../hooks/useApi";
import { t } from "../i18n/es-CL";
import type { PlanDetail } from "../types";
import { EditField, noErrors, writeErrors, type WriteErrors } from "./fields";

const APPROVALS = ["draft", "presented", "approved", "in_force", "closed"] as const;
type Approval = (typeof APPROVALS)[number];

/** Shows the plan as the server answered and reloads what depends on it. */
function refreshPlan(cut: string, plan: PlanDetail): void {
  const path = api.plan(cut, plan.id);
  invalidateApi((candidate) => candidate.startsWith(path) || candidate.startsWith(api.plans(cut)));
  primeApi(path, plan);
}

/**
 * A form of the plan administration: sends, shows field errors next to the fields, and on a
 * stale version shows the plan as it is now.
 */
function useWrite(cut: string) {
  const [errors, setErrors] = useState<WriteErrors>(noErrors);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const message = useRef<HTMLDivElement>(null);
  const run = async (send: () => Promise<PlanDetail>, success: string) => {
    setBusy(true);
    setNotice(null);
    try {
      refreshPlan(cut, await send());
      setErrors(noErrors);
      setNotice(success);
    } catch (error) {
      const failure = asApiError(error);
      if (failure.status === 409 && failure.problem.current) {
        refreshPlan(cut, failure.problem.current as PlanDetail);
        setErrors({ fields: {}, form: t("planAdmin.conflict") });
      } else setErrors(writeErrors(failure));
      message.current?.focus();
    } finally {
      setBusy(false);
    }
  };
  return { errors, notice, busy, message, run };
}

function AdminForm({
  id,
  title,
  write,
  onSubmit,
  submitLabel,
  children,
}: {
  id: string;
  title: string;
  write: ReturnType<typeof useWrite>;
  onSubmit: () => void;
  submitLabel: string;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="form edit-form" onSubmit={submit} noValidate aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <FormMessage ref={write.message} tone="error">
        {write.errors.form}
      </FormMessage>
      {children}
      <div className="form-actions">
        <button type="submit" className="button" disabled={write.busy}>
          {write.busy ? t("edit.saving") : submitLabel}
        </button>
      </div>
      <FormMessage tone="info">{write.notice}</FormMessage>
    </form>
  );
}

/** The plan administration of the plan page (administrators): levels, approval, versions. */
export function PlanAdmin({ plan, cut }: { plan: PlanDetail; cut: string }) {
  return (
    <section aria-labelledby="administracion" className="section">
      <h2 id="administracion">{t("planAdmin.heading")}</h2>
      <div className="plan-admin">
        <LevelsForm plan={plan} cut={cut} />
        <ApprovalForm plan={plan} cut={cut} />
        <VersionForm plan={plan} cut={cut} />
      </div>
    </section>
  );
}

function LevelsForm({ plan, cut }: { plan: PlanDetail; cut: string }) {
  const [levels, setLevels] = useState(plan.levels);
  const write = useWrite(cut);
  const set = (index: number, field: "name" | "plural", value: string) =>
    setLevels((ls) => ls.map((l, i) => (i === index ? { ...l, [field]: value } : l)));
  const f = write.errors.fields;
  return (
    <AdminForm
      id="niveles-titulo"
      title={t("planAdmin.levels")}
      write={write}
      submitLabel={t("planAdmin.levelsSubmit")}
      onSubmit={() =>
        void write.run(
          () =>
            sendJson<PlanDetail>("PUT", `${api.plan(cut, plan.id)}/levels`, {
              version: plan.version,
              levels: levels.map((l) => ({
                key: l.key,
                name: l.name.trim(),
                plural: l.plural.trim(),
              })),
            }),
          t("planAdmin.saved"),
        )
      }
    >
      {levels.map((level, index) => (
        <fieldset key={level.key} className="level-fieldset">
          <legend>{t("planAdmin.levelNumber", { number: index + 1 })}</legend>
          <div className="edit-row">
            <EditField
              id={`level-${level.key}-name`}
              label={t("planAdmin.levelName")}
              error={f[`levels.${index}.name`]}
              required
            >
              {(props) => (
                <input
                  {...props}
                  value={level.name}
                  onChange={(e) => set(index, "name", e.target.value)}
                />
              )}
            </EditField>
            <EditField
              id={`level-${level.key}-plural`}
              label={t("planAdmin.levelPlural")}
              error={f[`levels.${index}.plural`]}
              required
            >
              {(props) => (
                <input
                  {...props}
                  value={level.plural}
                  onChange={(e) => set(index, "plural", e.target.value)}
                />
              )}
            </EditField>
          </div>
        </fieldset>
      ))}
    </AdminForm>
  );
}

function ApprovalForm({ plan, cut }: { plan: PlanDetail; cut: string }) {
  const [status, setStatus] = useState<Approval>(plan.approval.status);
  const [agreement, setAgreement] = useState(plan.approval.agreementNumber ?? "");
  const [decree, setDecree] = useState(plan.approval.decreeNumber ?? "");
  const [date, setDate] = useState(plan.approval.date ?? "");
  const write = useWrite(cut);
  const formal = status === "approved" || status === "in_force";
  const f = write.errors.fields;
  return (
    <AdminForm
      id="aprobacion-titulo"
      title={t("planAdmin.approval")}
      write={write}
      submitLabel={t("edit.save")}
      onSubmit={() =>
        void write.run(
          () =>
            sendJson<PlanDetail>("PATCH", api.plan(cut, plan.id), {
              version: plan.version,
              approval: formal
                ? {
                    status,
                    agreementNumber: agreement.trim() || null,
                    decreeNumber: decree.trim() || null,
                    date: date || null,
                  }
                : { status, agreementNumber: null, decreeNumber: null, date: null },
            }),
          t("planAdmin.saved"),
        )
      }
    >
      <EditField
        id="approval-status"
        label={t("planAdmin.approvalStatus")}
        error={f["approval.status"]}
      >
        {(props) => (
          <select {...props} value={status} onChange={(e) => setStatus(e.target.value as Approval)}>
            {APPROVALS.map((a) => (
              <option key={a} value={a}>
                {t(`approval.${a}`)}
              </option>
            ))}
          </select>
        )}
      </EditField>
      {formal && (
        <>
          <EditField
            id="approval-agreement"
            label={t("planAdmin.agreementNumber")}
            error={f["approval.agreementNumber"]}
          >
            {(props) => (
              <input {...props} value={agreement} onChange={(e) => setAgreement(e.target.value)} />
            )}
          </EditField>
          <EditField
            id="approval-decree"
            label={t("planAdmin.decreeNumber")}
            error={f["approval.decreeNumber"]}
          >
            {(props) => (
              <input {...props} value={decree} onChange={(e) => setDecree(e.target.value)} />
            )}
          </EditField>
          <EditField
            id="approval-date"
            label={t("planAdmin.approvalDate")}
            error={f["approval.date"]}
          >
            {(props) => (
              <input
                {...props}
                type="date"
                value={date}
                onChange={(e) => setDate(e.target.value)}
              />
            )}
          </EditField>
        </>
      )}
    </AdminForm>
  );
}

function VersionForm({ plan, cut }: { plan: PlanDetail; cut: string }) {
  const [label, setLabel] = useState("");
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const write = useWrite(cut);
  const f = write.errors.fields;
  return (
    <AdminForm
      id="version-titulo"
      title={t("planAdmin.addVersion")}
      write={write}
      submitLabel={t("planAdmin.addVersionSubmit")}
      onSubmit={() => {
        const number = Number(year.trim());
        void write.run(
          () =>
            sendJson<PlanDetail>("POST", `${api.plan(cut, plan.id)}/versions`, {
              label: label.trim(),
              year: Number.isInteger(number) ? number : year,
            }),
          t("planAdmin.versionAdded"),
        );
      }}
    >
      <EditField id="version-label" label={t("planAdmin.versionLabel")} error={f.label} required>
        {(props) => <input {...props} value={label} onChange={(e) => setLabel(e.target.value)} />}
      </EditField>
      <EditField id="version-year" label={t("planAdmin.versionYear")} error={f.year} required>
        {(props) => (
          <input
            {...props}
            inputMode="numeric"
            value={year}
            onChange={(e) => setYear(e.target.value)}
          />
        )}
      </EditField>
    </AdminForm>
  );
}
