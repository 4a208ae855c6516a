import type { ColumnType, Generated } from "kysely";

/**
 * Row types of the tables, as the migrations in ./migrations create them.
 * numeric and int8 come back as numbers and dates as "YYYY-MM-DD" strings on
 * both engines (see connection.ts).
 */

// Insertable without a value: every timestamp column has a default or is nullable.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface RegionTable {
  code: string;
  name: string;
  roman_numeral: string;
  sort: number;
}
export interface ProvinceTable {
  code: string;
  name: string;
  region_code: string;
}
export interface ComunaTable {
  cut_code: string;
  name: string;
  province_code: string;
  region_code: string;
}
export interface SdgGoalTable {
  number: number;
  short_title: string;
  title: string;
  color: string;
}
export interface SdgTargetTable {
  code: string;
  goal_number: number;
  title: string;
  sort: number;
}
export interface FundingSourceTable {
  code: string;
  name: string;
  description: string;
  sort: number;
}

export interface MunicipalityTable {
  id: Generated<string>;
  cut_code: string;
  name: string;
  is_demo: Generated<boolean>;
  created_at: Timestamp;
}

interface Versioned {
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrgUnitTable extends Versioned {
  id: Generated<string>;
  municipality_id: string;
  parent_id: string | null;
  name: string;
  short_name: string | null;
  aliases: Generated<string[]>;
  sort: Generated<number>;
}

export interface TerritoryTable extends Versioned {
  id: Generated<string>;
  municipality_id: string;
  parent_id: string | null;
  kind: "comuna" | "sector" | "unidad_vecinal" | "localidad";
  code: string;
  name: string;
  geometry: Json | null;
}

export type PlanKind = "pladeco" | "strategic" | "territorial";
export type ApprovalStatus = "draft" | "presented" | "approved" | "in_force" | "closed";

export interface PlanTable extends Versioned {
  id: Generated<string>;
  municipality_id: string;
  kind: PlanKind;
  title: string;
  start_year: number;
  end_year: number;
  vision: Generated<string>;
  mission: Generated<string>;
  desired_scenario: Generated<string>;
  approval_status: Generated<ApprovalStatus>;
  approval_agreement_number: string | null;
  approval_decree_number: string | null;
  approval_date: string | null;
  source: Json | null;
  is_demo: Generated<boolean>;
  published_at: NullableTimestamp;
  on_track_ratio: Generated<number>;
  at_risk_ratio: Generated<number>;
  figures_as_of: string | null;
}

export interface PlanVersionTable {
  id: Generated<string>;
  municipality_id: string;
  plan_id: string;
  label: string;
  year: number;
  notes: Generated<string>;
  created_at: Timestamp;
}

export interface PlanValueTable {
  id: Generated<string>;
  municipality_id: string;
  plan_id: string;
  group_name: string;
  name: string;
  sort: number;
}

export interface PlanLevelTable {
  municipality_id: string;
  plan_id: string;
  key: string;
  name: string;
  plural: string;
  sort: number;
}

export interface TransversalAxisTable {
  id: Generated<string>;
  municipality_id: string;
  plan_id: string;
  key: string;
  name: string;
  description: Generated<string>;
  sort: number;
}

export type ItemStatus = "planned" | "in_progress" | "done" | "suspended" | "cancelled";

export interface PlanItemTable extends Versioned {
  id: Generated<string>;
  municipality_id: string;
  plan_id: string;
  parent_id: string | null;
  level_key: string;
  code: string;
  sort: number;
  title: string;
  description: Generated<string>;
  status: Generated<ItemStatus>;
  start_date: string | null;
  end_date: string | null;
  deadline_text: string | null;
  responsible_text: string | null;
  funding_text: string | null;
  assumptions: Generated<string>;
  weight: Generated<number>;
  source_ref: string | null;
}

export interface PlanItemUnitTable {
  municipality_id: string;
  item_id: string;
  unit_id: string;
  role: "responsible" | "co_responsible";
  sort: Generated<number>;
}
export interface PlanItemTerritoryTable {
  municipality_id: string;
  item_id: string;
  territory_id: string;
}
export interface PlanItemFundingTable {
  id: Generated<string>;
  municipality_id: string;
  item_id: string;
  source_code: string;
  year: number | null;
  amount: number | null;
  sort: Generated<number>;
}
export interface PlanItemSdgTable {
  id: Generated<string>;
  municipality_id: string;
  item_id: string;
  goal_number: number;
  target_code: string | null;
  origin: Generated<"source" | "editor">;
}
export interface PlanItemAxisTable {
  municipality_id: string;
  item_id: string;
  axis_id: string;
}
export interface PlanItemDependencyTable {
  municipality_id: string;
  item_id: string;
  depends_on_id: string;
}

export type IndicatorKind = "formula" | "value" | "milestone" | "evidence";

export interface IndicatorTable extends Versioned {
  id: Generated<string>;
  municipality_id: string;
  item_id: string;
  name: string;
  kind: Generated<IndicatorKind>;
  formula: string | null;
  unit: string | null;
  target_text: string | null;
  target_value: number | null;
  target_unit: string | null;
  baseline_text: string | null;
  baseline_value: number | null;
  sort: Generated<number>;
  value_type: ValueType | null;
  direction: Generated<Direction>;
  band_min: number | null;
  band_max: number | null;
  baseline_date: string | null;
  baseline_pending: Generated<boolean>;
  target_date: string | null;
  gap_reference_value: number | null;
  gap_percent: number | null;
  periodicity: Generated<Periodicity>;
  grace_days: Generated<number>;
  category: IndicatorCategory | null;
  program_goal_type: ProgramGoalType | null;
  data_source: string | null;
  verification_means: string | null;
  milestone_due_date: string | null;
  milestone_done_date: string | null;
}

export type Role = "admin" | "editor" | "validator" | "viewer";

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  display_name: Generated<string>;
  password_hash: string | null;
  is_operator: Generated<boolean>;
  is_demo: Generated<boolean>;
  disabled_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface MembershipTable {
  municipality_id: string;
  user_id: string;
  role: Role;
  created_at: Timestamp;
}
export interface MembershipUnitTable {
  municipality_id: string;
  user_id: string;
  unit_id: string;
}
export interface SessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}
export interface LoginFailureTable {
  id: Generated<string>;
  key: string;
  at: Timestamp;
}
export interface OneTimeTokenTable {
  id: string;
  purpose: "password_reset" | "invitation";
  email: string;
  user_id: string | null;
  municipality_id: string | null;
  role: Role | null;
  unit_ids: Generated<string[]>;
  created_by: string | null;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}
export interface OutboxMessageTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  body: string;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  error: string | null;
}
export interface AuditLogTable {
  id: Generated<string>;
  municipality_id: string | null;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json | null;
  after: Json | null;
  request_id: string | null;
  at: Timestamp;
}

export interface SchemaMigrationTable {
  name: string;
  checksum: string;
  applied_at: Timestamp;
}

export interface Database {
  region: RegionTable;
  province: ProvinceTable;
  comuna: ComunaTable;
  sdg_goal: SdgGoalTable;
  sdg_target: SdgTargetTable;
  funding_source: FundingSourceTable;
  municipality: MunicipalityTable;
  org_unit: OrgUnitTable;
  territory: TerritoryTable;
  plan: PlanTable;
  plan_version: PlanVersionTable;
  plan_value: PlanValueTable;
  plan_level: PlanLevelTable;
  transversal_axis: TransversalAxisTable;
  plan_item: PlanItemTable;
  plan_item_unit: PlanItemUnitTable;
  plan_item_territory: PlanItemTerritoryTable;
  plan_item_funding: PlanItemFundingTable;
  plan_item_sdg: PlanItemSdgTable;
  plan_item_axis: PlanItemAxisTable;
  plan_item_dependency: PlanItemDependencyTable;
  indicator: IndicatorTable;
  app_user: AppUserTable;
  membership: MembershipTable;
  membership_unit: MembershipUnitTable;
  user_session: SessionTable;
  login_failure: LoginFailureTable;
  one_time_token: OneTimeTokenTable;
  outbox_message: OutboxMessageTable;
  audit_log: AuditLogTable;
  schema_migration: SchemaMigrationTable;
  indicator_variable: IndicatorVariableTable;
  indicator_target: IndicatorTargetTable;
  measurement: MeasurementTable;
  measurement_revision: MeasurementRevisionTable;
  evidence: EvidenceTable;
  indicator_figure: IndicatorFigureTable;
  item_figure: ItemFigureTable;
  plan_figure: PlanFigureTable;
  alert: AlertTable;
  notification_preference: NotificationPreferenceTable;
  alert_delivery: AlertDeliveryTable;
}

// The indicator engine (0004_indicator_engine.sql).
export type ValueType = "count" | "percentage" | "clp" | "days";
export type Direction = "increase" | "decrease" | "band";
export type Periodicity = "year" | "semester" | "quarter" | "month";
export type IndicatorCategory = "early_warning" | "department_goal" | "program_goal";
export type ProgramGoalType = "coverage" | "quality" | "efficiency" | "efficacy";
export type MeasurementStatus = "draft" | "submitted" | "validated" | "rejected";
export type TrafficLight = "on_track" | "at_risk" | "off_track" | "done" | "no_data";
export type AlertRule =
  | "milestone_missed"
  | "report_overdue"
  | "item_overdue"
  | "forecast_miss"
  | "budget_lagging"
  | "status_worsened";
export type AlertStatus = "open" | "acknowledged" | "resolved";
export type NotificationMode = "immediate" | "daily_digest" | "none";

export interface IndicatorVariableTable {
  municipality_id: string;
  indicator_id: string;
  name: string;
  label: string;
  sort: Generated<number>;
}
export interface IndicatorTargetTable {
  municipality_id: string;
  indicator_id: string;
  period_key: string;
  value: number;
}
export interface MeasurementTable extends Versioned {
  id: Generated<string>;
  municipality_id: string;
  indicator_id: string;
  period_key: string;
  period_start: string;
  period_end: string;
  /** The fractional year of period_end, set by a trigger (migration 0010). */
  period_end_year: Generated<number>;
  /** `value` as float8, kept by a trigger (migration 0012) for the figures' aggregate. */
  value_float: Generated<number | null>;
  status: Generated<MeasurementStatus>;
  value: number | null;
  variables: ColumnType<Record<string, number>, string | undefined, string>;
  comment: Generated<string>;
  rejection_reason: string | null;
  is_simulated: Generated<boolean>;
  reported_by: string | null;
  submitted_at: NullableTimestamp;
  validated_by: string | null;
  validated_at: NullableTimestamp;
}
export interface MeasurementRevisionTable {
  id: Generated<string>;
  municipality_id: string;
  measurement_id: string;
  version: number;
  status: MeasurementStatus;
  value: number | null;
  variables: ColumnType<Record<string, number>, string, string>;
  comment: string;
  rejection_reason: string | null;
  changed_by: string | null;
  replaced_at: Timestamp;
}
export interface EvidenceTable {
  id: Generated<string>;
  municipality_id: string;
  measurement_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  uploaded_by: string | null;
  created_at: Timestamp;
}
export interface IndicatorFigureTable {
  indicator_id: string;
  municipality_id: string;
  plan_id: string;
  item_id: string;
  status: TrafficLight;
  progress: number | null;
  latest_value: number | null;
  latest_period: string | null;
  /** Status at the validated period before latest_period (0006_status_history.sql). */
  previous_status: TrafficLight | null;
  previous_period: string | null;
  validated_count: number;
  expected_value: number | null;
  forecast_value: number | null;
  forecast_low: number | null;
  forecast_high: number | null;
  forecast_probability: number | null;
  explanation: string;
}
export interface StatusCounts {
  on_track: number;
  at_risk: number;
  off_track: number;
  done: number;
  no_data: number;
}
export interface ItemFigureTable extends StatusCounts {
  item_id: string;
  municipality_id: string;
  plan_id: string;
  status: TrafficLight;
  progress: number | null;
  explanation: string;
}
export type FigureDimension = "plan" | "axis" | "unit" | "territory" | "sdg" | "funding";
export interface PlanFigureTable extends StatusCounts {
  municipality_id: string;
  plan_id: string;
  dimension: FigureDimension;
  key: string;
  status: TrafficLight;
  progress: number | null;
  progress_sum: number;
  progress_n: number;
  items: number;
  weight_sum: Generated<number>;
  members: Generated<number>;
  members_done: Generated<number>;
}
export interface AlertTable {
  id: Generated<string>;
  municipality_id: string;
  plan_id: string;
  rule: AlertRule;
  subject_type: "indicator" | "item";
  subject_id: string;
  period_key: Generated<string>;
  item_id: string;
  message: string;
  status: Generated<AlertStatus>;
  corrective_action: string | null;
  action_owner: string | null;
  action_due_date: string | null;
  acknowledged_by: string | null;
  acknowledged_at: NullableTimestamp;
  resolved_by: string | null;
  resolved_at: NullableTimestamp;
  resolution_note: string | null;
  notified_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
}
export interface NotificationPreferenceTable {
  municipality_id: string;
  user_id: string;
  mode: Generated<NotificationMode>;
  digest_sent_at: NullableTimestamp;
}
export interface AlertDeliveryTable {
  municipality_id: string;
  alert_id: string;
  user_id: string;
  sent_at: Timestamp;
}

// The multi-layer map (0008_map_layers.sql). Declaration merging keeps these additions apart.
export interface TerritoryTable {
  /** Simplified geometry served to the map; `geometry` keeps the original. */
  display_geometry: Json | null;
  bbox_west: number | null;
  bbox_south: number | null;
  bbox_east: number | null;
  bbox_north: number | null;
  /** Illustrative boundary (demo), said on the map. */
  approximate: Generated<boolean>;
}
export interface DiagnosisVariableTable extends Versioned {
  id: Generated<string>;
  municipality_id: string;
  key: string;
  label: string;
  unit: Generated<string>;
  year: number | null;
  source: Generated<string>;
  is_simulated: Generated<boolean>;
}
export interface DiagnosisValueTable {
  municipality_id: string;
  variable_id: string;
  territory_id: string;
  value: number | null;
}
export interface TerritorialProblemTable extends Versioned {
  id: Generated<string>;
  municipality_id: string;
  title: string;
  description: Generated<string>;
  priority: number;
  category: Generated<string>;
  territory_id: string | null;
  lon: number | null;
  lat: number | null;
  is_simulated: Generated<boolean>;
}
export interface PlanItemGeometryTable {
  municipality_id: string;
  item_id: string;
  geometry: Json;
  bbox_west: number;
  bbox_south: number;
  bbox_east: number;
  bbox_north: number;
  is_simulated: Generated<boolean>;
  updated_at: Timestamp;
}
export interface Database {
  diagnosis_variable: DiagnosisVariableTable;
  diagnosis_value: DiagnosisValueTable;
  territorial_problem: TerritorialProblemTable;
  plan_item_geometry: PlanItemGeometryTable;
}

// Excel import jobs (0011_import_jobs.sql), shared by every app instance.
export type ImportJobStatus = "reading" | "ready" | "failed" | "applied";
export type ImportJobPhase = "checking" | "reading" | "comparing";
export interface ImportJobTable {
  id: Generated<string>;
  municipality_id: string;
  user_id: string | null;
  file_name: string;
  sha256: string;
  plan_id: string | null;
  status: Generated<ImportJobStatus>;
  phase: Generated<ImportJobPhase>;
  done: Generated<number>;
  total: Generated<number>;
  error: string | null;
  error_status: Generated<number>;
  parsed: Json | null;
  preview: Json | null;
  fingerprint: string | null;
  result: Json | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface Database {
  import_job: ImportJobTable;
}
