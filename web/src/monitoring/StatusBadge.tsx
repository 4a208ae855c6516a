import { t } from "../i18n/es-CL";
import type { TrafficLight } from "../types";

export const trafficLabel = (status: TrafficLight): string => t(`traffic.${status}`);

/** The icon of each status: a shape as well as a colour, so colour is never the only cue. */
const ICONS: Record<TrafficLight, string> = {
  done: "✔",
  on_track: "●",
  at_risk: "▲",
  off_track: "✖",
  no_data: "–",
};

/** A traffic light: colour, icon and text. */
export function StatusBadge({ status, small = false }: { status: TrafficLight; small?: boolean }) {
  return (
    <span className={`traffic traffic-${status}${small ? " traffic-small" : ""}`}>
      <span className="traffic-icon" aria-hidden="true">
        {ICONS[status]}
      </span>
      {trafficLabel(status)}
    </span>
  );
}

/** A progress bar (0–1) with its value as text; null shows "Sin datos". */
export function ProgressBar({
  value,
  status,
  label,
}: {
  value: number | null;
  status: TrafficLight;
  label: string;
}) {
  const percent = value === null ? 0 : Math.max(0, Math.min(1, value)) * 100;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value === null ? undefined : Math.round(percent)}
      aria-valuetext={value === null ? trafficLabel("no_data") : `${Math.round(percent)} %`}
    >
      <span className={`progress-fill progress-${status}`} style={{ width: `${percent}%` }} />
    </div>
  );
}

export function SimulatedNotice({ compact = false }: { compact?: boolean }) {
  return (
    <div className={`notice notice-simulated${compact ? " notice-compact" : ""}`} role="note">
      <span className="badge badge-simulated">{t("simulated.badge")}</span>
      {!compact && <p>{t("simulated.note")}</p>}
    </div>
  );
}
