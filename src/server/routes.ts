import type { FastifyPluginAsync } from "fastify";
import { authRoutes } from "../modules/auth/routes";
import { healthRoutes } from "../modules/health/routes";
import { municipalityRoutes } from "../modules/municipalities/routes";
import { itemRoutes } from "../modules/plans/item-routes";
import { planRoutes } from "../modules/plans/routes";

/** Every API route plugin, registered under /api. One line per module. */
export const API_ROUTES: FastifyPluginAsync[] = [
  healthRoutes,
  authRoutes,
  municipalityRoutes,
  planRoutes,
  itemRoutes,
];
