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
