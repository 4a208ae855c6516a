import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { PageQuery } from "../../server/pagination";
import type { MunicipalityDto } from "./schemas";

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom("municipality as m")
    .innerJoin("comuna as c", "c.cut_code", "m.cut_code")
    .innerJoin("province as p", "p.code", "c.province_code")
    .innerJoin("region as r", "r.code", "c.region_code")
    .select([
      "m.id",
      "m.cut_code as cutCode",
      "m.name",
      "r.code as regionCode",
      "r.name as regionName",
      "p.name as provinceName",
      "m.is_demo as isDemo",
    ]);
}

export async function listMunicipalities(db: Kysely<Database>, page: PageQuery) {
  const [items, total] = await Promise.all([
    baseQuery(db).orderBy("m.cut_code").limit(page.limit).offset(page.offset).execute(),
    db
      .selectFrom("municipality")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n, ...page };
}

export async function findMunicipalityByCut(
  db: Kysely<Database>,
  cut: string,
): Promise<MunicipalityDto | undefined> {
  const row = await baseQuery(db).where("m.cut_code", "=", cut).executeTakeFirst();
  return row;
}
