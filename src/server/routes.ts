import type { FastifyPluginAsync } from "fastify";
import { accountRoutes } from "../modules/accounts/routes";
import { memberRoutes } from "../modules/accounts/member-routes";
import { auditRoutes } from "../modules/audit/routes";
import { authRoutes } from "../modules/auth/routes";
import { healthRoutes } from "../modules/health/routes";
import { importRoutes } from "../modules/import/routes";
import { indicatorRoutes } from "../modules/indicators/routes";
import { monitoringRoutes } from "../modules/monitoring/routes";
import { municipalityRoutes } from "../modules/municipalities/routes";
import { planEditRoutes } from "../modules/plans/edit-routes";
import { itemEditRoutes } from "../modules/plans/item-edit-routes";
import { itemRoutes } from "../modules/plans/item-routes";
import { planRoutes } from "../modules/plans/routes";
import { territoryRoutes } from "../modules/territories/routes";
import { unitRoutes } from "../modules/units/routes";
import { exportRoutes } from "../modules/export/routes";
import { itemIndexRoutes } from "../modules/plans/index-routes";
import { mapRoutes } from "../modules/map/routes";

/** Every API route plugin, registered under /api. One line per module. */
export const API_ROUTES: FastifyPluginAsync[] = [
  healthRoutes,
  authRoutes,
  accountRoutes,
  memberRoutes,
  municipalityRoutes,
  planRoutes,
  itemRoutes,
  monitoringRoutes,
  unitRoutes,
  territoryRoutes,
  planEditRoutes,
  itemEditRoutes,
  indicatorRoutes,
  auditRoutes,
  exportRoutes,
  itemIndexRoutes,
  mapRoutes,
  importRoutes,
];
