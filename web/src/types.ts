/** Response types of the API, inferred from the server's zod schemas (type-only: no zod in the bundle). */
import type { z } from "zod";
import type { historySchema } from "../../src/modules/audit/schemas";
import type { municipalitySchema } from "../../src/modules/municipalities/schemas";
import type { planSummarySchema, planTreeSchema } from "../../src/modules/plans/schemas";
import type { pageSchema } from "../../src/server/pagination";

export type { MunicipalityDto } from "../../src/modules/municipalities/schemas";
export type {
  ItemDetail,
  PlanDetail,
  PlanSummary,
  TreeNode,
} from "../../src/modules/plans/schemas";

type Page<S extends z.ZodType> = z.infer<ReturnType<typeof pageSchema<S>>>;
export type MunicipalityPage = Page<typeof municipalitySchema>;
export type PlanSummaryPage = Page<typeof planSummarySchema>;
export type PlanTree = z.infer<typeof planTreeSchema>;

export type { Me } from "../../src/modules/auth/schemas";
export type { EffectiveRole } from "../../src/modules/auth/principal";
export type { AuditEntry } from "../../src/modules/audit/schemas";
export type History = z.infer<typeof historySchema>;

export type {
  AlertDto,
  MeasurementDetail,
  MeasurementDto,
  MeasurementQueueEntry,
  MeasurementQueuePage,
} from "../../src/modules/monitoring/schemas";
import type {
  evidenceSchema,
  indicatorFigureSchema,
  planFiguresSchema,
  trafficLightSchema,
} from "../../src/modules/monitoring/schemas";
import type { unitListSchema } from "../../src/modules/units/schemas";
import type { territoryListSchema } from "../../src/modules/territories/schemas";
export type IndicatorFigure = z.infer<typeof indicatorFigureSchema>;
export type PlanFigures = z.infer<typeof planFiguresSchema>;
export type FigureGroup = PlanFigures["groups"][number];
export type ItemFigure = PlanFigures["items"][number];
export type TrafficLight = z.infer<typeof trafficLightSchema>;
export type Evidence = z.infer<typeof evidenceSchema>;
export type UnitList = z.infer<typeof unitListSchema>;
export type TerritoryList = z.infer<typeof territoryListSchema>;
export type { ItemIndex } from "../../src/modules/plans/index-schemas";
