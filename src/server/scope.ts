import type { FastifyInstance, FastifyRequest } from "fastify";
import { inTenant, switchMunicipality, type Actor, type TenantContext } from "../db/tenant";
import type { Principal } from "../modules/auth/principal";
import { roleIn, type EffectiveRole } from "../modules/auth/principal";
import { HttpProblem, notFound } from "./problem";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal;
  return { userId: p?.userId ?? null, label: p?.email ?? "anónimo", requestId: request.id };
}

export interface MunicipalityScope extends TenantContext {
  municipality: { id: string; cutCode: string; name: string };
  role: EffectiveRole | null;
  principal: Principal | null;
}

/**
 * Runs a handler's work in one transaction scoped to the municipality of the
 * URL: 404 when the CUT code names no hosted municipality; the database hides
 * every other municipality's rows for the rest of the transaction.
 */
export function inMunicipality<T>(
  app: FastifyInstance,
  request: FastifyRequest,
  cut: string,
  fn: (scope: MunicipalityScope) => Promise<T>,
): Promise<T> {
  return inTenant(app.db, null, actorOf(request), async (ctx) => {
    const municipality = await ctx.trx
      .selectFrom("municipality")
      .select(["id", "cut_code as cutCode", "name"])
      .where("cut_code", "=", cut)
      .executeTakeFirst();
    if (!municipality)
      throw notFound(`No existe una municipalidad con código CUT ${cut} en esta instalación.`);
    await switchMunicipality(ctx, municipality.id);
    const scope = ctx as MunicipalityScope;
    scope.municipality = municipality;
    scope.principal = request.principal;
    scope.role = roleIn(request.principal, municipality.id);
    return fn(scope);
  });
}

export const unauthenticated = () =>
  new HttpProblem(401, "Sesión requerida", "Inicie sesión para continuar.");
export const forbidden = (detail = "Su rol no permite esta acción en esta municipalidad.") =>
  new HttpProblem(403, "Acción no permitida", detail);

/** 401 for anonymous visitors, 403 for users without the permission. */
export function deny(principal: Principal | null, detail?: string): never {
  throw principal ? forbidden(detail) : unauthenticated();
}
