import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { FUNDING_SOURCES } from "./funding-sources";

const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "data");

const dpaSchema = z.object({
  regions: z.array(
    z.object({ code: z.string(), name: z.string(), romanNumeral: z.string(), order: z.number() }),
  ),
  provinces: z.array(z.object({ code: z.string(), name: z.string(), regionCode: z.string() })),
  comunas: z.array(
    z.object({
      cutCode: z.string(),
      name: z.string(),
      provinceCode: z.string(),
      regionCode: z.string(),
    }),
  ),
});

const sdgSchema = z.object({
  goals: z.array(
    z.object({
      number: z.number().int(),
      shortTitle: z.string(),
      title: z.string(),
      color: z.string(),
      targets: z.array(z.object({ code: z.string(), title: z.string() })),
    }),
  ),
});

export type ChileDpa = z.infer<typeof dpaSchema>;
export type SdgData = z.infer<typeof sdgSchema>;

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(fs.readFileSync(path.join(DATA_DIR, file), "utf8")));
}

export const readChileDpa = () => readJson("chile-dpa.json", dpaSchema);
export const readSdgs = () => readJson("sdg.json", sdgSchema);

/**
 * Brings the shipped reference data (regions, provinces, comunas, SDGs, funding
 * sources) into the database. Idempotent: rows are inserted or updated by code,
 * never deleted, so references from municipal data stay valid.
 */
export async function syncReferenceData(db: Kysely<Database>): Promise<void> {
  const dpa = readChileDpa();
  const sdg = readSdgs();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("region")
      .values(
        dpa.regions.map((r) => ({
          code: r.code,
          name: r.name,
          roman_numeral: r.romanNumeral,
          sort: r.order,
        })),
      )
      .onConflict((oc) =>
        oc.column("code").doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          roman_numeral: eb.ref("excluded.roman_numeral"),
          sort: eb.ref("excluded.sort"),
        })),
      )
      .execute();
    await trx
      .insertInto("province")
      .values(dpa.provinces.map((p) => ({ code: p.code, name: p.name, region_code: p.regionCode })))
      .onConflict((oc) =>
        oc.column("code").doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          region_code: eb.ref("excluded.region_code"),
        })),
      )
      .execute();
    await trx
      .insertInto("comuna")
      .values(
        dpa.comunas.map((c) => ({
          cut_code: c.cutCode,
          name: c.name,
          province_code: c.provinceCode,
          region_code: c.regionCode,
        })),
      )
      .onConflict((oc) =>
        oc.column("cut_code").doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          province_code: eb.ref("excluded.province_code"),
          region_code: eb.ref("excluded.region_code"),
        })),
      )
      .execute();
    await trx
      .insertInto("sdg_goal")
      .values(
        sdg.goals.map((g) => ({
          number: g.number,
          short_title: g.shortTitle,
          title: g.title,
          color: g.color,
        })),
      )
      .onConflict((oc) =>
        oc.column("number").doUpdateSet((eb) => ({
          short_title: eb.ref("excluded.short_title"),
          title: eb.ref("excluded.title"),
          color: eb.ref("excluded.color"),
        })),
      )
      .execute();
    await trx
      .insertInto("sdg_target")
      .values(
        sdg.goals.flatMap((g) =>
          g.targets.map((t, i) => ({
            code: t.code,
            goal_number: g.number,
            title: t.title,
            sort: i,
          })),
        ),
      )
      .onConflict((oc) =>
        oc.column("code").doUpdateSet((eb) => ({
          title: eb.ref("excluded.title"),
          goal_number: eb.ref("excluded.goal_number"),
          sort: eb.ref("excluded.sort"),
        })),
      )
      .execute();
    await trx
      .insertInto("funding_source")
      .values(FUNDING_SOURCES.map((f, i) => ({ ...f, sort: i })))
      .onConflict((oc) =>
        oc.column("code").doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          description: eb.ref("excluded.description"),
          sort: eb.ref("excluded.sort"),
        })),
      )
      .execute();
  });
}
