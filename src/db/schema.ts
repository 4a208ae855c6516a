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
}
