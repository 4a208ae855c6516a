import type { Geometry, Polygon } from "geojson";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTenant, SYSTEM } from "../../db/tenant";
import { bboxOf, checkGeometry, displayGeometry } from "../map/geometry";

/**
 * The demo's map (issue #7): Vallenar's territories get geometry, and the map
 * gets a simulated diagnosis, simulated prioritised problems and a few
 * simulated item drawings. Everything here is marked: territories
 * `approximate`, values and problems `is_simulated`.
 *
 * Sources: the Plaza de Armas of Vallenar at 28.5765° S, 70.7586° W and
 * Domeyko at 28°57′ S, 70°53′ W (Wikipedia's coordinates of both towns). No
 * official boundaries were at hand: the comuna outline and the urban sectors
 * are ILLUSTRATIVE shapes (a grid of ~1.2 km cells around the plaza), and the
 * other localities are placed approximately along the Huasco valley and the
 * Ruta 5 from memory; all of them are `approximate: true`.
 */

const PLAZA: [number, number] = [-70.7586, -28.5765];

/** [lon, lat], whether the position is approximate. */
const LOCALITIES: Record<string, [number, number, boolean]> = {
  domeyko: [-70.8833, -28.95, false],
  cachiyuyo: [-70.9167, -29.0333, true],
  incahuasi: [-71.0333, -29.2167, true],
  "hacienda-las-ventanas": [-70.7, -28.6, true],
  longomilla: [-70.69, -28.61, true],
  "hacienda-buena-esperanza": [-70.67, -28.62, true],
  "hacienda-compania": [-70.65, -28.635, true],
  imperial: [-70.63, -28.645, true],
  "cuatro-palomas": [-70.61, -28.655, true],
  "el-jilguero": [-70.59, -28.67, true],
  "chanar-blanco": [-70.57, -28.685, true],
  "las-porotas": [-70.555, -28.695, true],
  "la-posada": [-70.54, -28.705, true],
  camarones: [-70.525, -28.715, true],
  "perales-viejos": [-70.83, -28.55, true],
  chehueque: [-70.87, -28.54, true],
};

/** Illustrative urban sectors: [column, row] of a ~1.2 km grid centred on the plaza. */
const SECTORS: Record<string, [number, number]> = {
  centro: [0, 0],
  baquedano: [0, 1],
  torreblanca: [1, 1],
  "hnos-carrera": [-1, 1],
  "vista-alegre": [1, 0],
  "alto-los-canales": [-1, 0],
  "altiplano-norte": [0, -1],
  "altiplano-sur": [0, -2],
  "toma-seis-de-enero": [-1, -1],
  "fundo-delirio": [1, -1],
  "fundo-italia": [2, -1],
  cavanca: [2, 0],
  chamonate: [-3, 0],
};
const CELL: [number, number] = [0.0125, 0.011];

/** An illustrative outline of the comuna of Vallenar (it holds Domeyko, Cachiyuyo, Incahuasi). */
const COMUNA: Polygon = {
  type: "Polygon",
  coordinates: [
    [
      [-71.35, -28.35],
      [-70.55, -28.25],
      [-70.25, -28.5],
      [-70.35, -28.8],
      [-70.65, -29.3],
      [-71.15, -29.3],
      [-71.4, -28.85],
      [-71.35, -28.35],
    ],
  ],
};

function cell(col: number, row: number, inset = 0): Polygon {
  const w = PLAZA[0] + (col - 0.5) * CELL[0] + inset;
  const e = PLAZA[0] + (col + 0.5) * CELL[0] - inset;
  const s = PLAZA[1] + (row - 0.5) * CELL[1] + inset;
  const n = PLAZA[1] + (row + 0.5) * CELL[1] - inset;
  return {
    type: "Polygon",
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** A deterministic sequence in [0, 1) (the demo is the same on every load). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PROBLEMS: Array<{
  title: string;
  description: string;
  priority: number;
  category: string;
  territory: string | null;
  point?: [number, number];
}> = [
  {
    title: "Déficit de agua potable en localidades rurales",
    description: "Abastecimiento por camión aljibe (problema simulado para la demostración).",
    priority: 1,
    category: "Servicios básicos",
    territory: "cachiyuyo",
  },
  {
    title: "Microbasurales en la ribera del río Huasco",
    description: "Puntos de acopio ilegal de residuos (problema simulado).",
    priority: 2,
    category: "Medio ambiente",
    territory: null,
    point: [PLAZA[0] + 2 * CELL[0], PLAZA[1] + 0.002],
  },
  {
    title: "Inseguridad y falta de luminaria",
    description: "Calles sin alumbrado público (problema simulado).",
    priority: 2,
    category: "Seguridad",
    territory: "toma-seis-de-enero",
  },
  {
    title: "Congestión vial en el centro",
    description: "Horas punta con tránsito detenido (problema simulado).",
    priority: 3,
    category: "Movilidad",
    territory: "centro",
  },
  {
    title: "Escasez de áreas verdes",
    description: "Pocos metros cuadrados de plazas por habitante (problema simulado).",
    priority: 3,
    category: "Espacio público",
    territory: "altiplano-sur",
  },
  {
    title: "Conectividad digital deficiente",
    description: "Sin señal móvil estable (problema simulado).",
    priority: 4,
    category: "Conectividad",
    territory: "domeyko",
  },
  {
    title: "Veredas en mal estado",
    description: "Veredas rotas y sin accesibilidad universal (problema simulado).",
    priority: 5,
    category: "Espacio público",
    territory: "baquedano",
  },
];

export async function loadMapDemo(
  db: Kysely<Database>,
  target: { municipalityId: string; planId: string },
): Promise<void> {
  const m = target.municipalityId;
  await inTenant(db, m, SYSTEM, async ({ trx }) => {
    // A replaced demo plan loads its map again: the simulated rows of the last load go first.
    await trx.deleteFrom("diagnosis_variable").where("is_simulated", "=", true).execute();
    await trx.deleteFrom("territorial_problem").where("is_simulated", "=", true).execute();
    const territories = await trx
      .selectFrom("territory")
      .select(["id", "code", "kind"])
      .where("municipality_id", "=", m)
      .execute();
    const idOf = new Map(territories.map((t) => [t.code, t.id]));
    const shapes = new Map<string, Geometry>();
    shapes.set("vallenar", COMUNA);
    for (const [code, [col, row]] of Object.entries(SECTORS)) shapes.set(code, cell(col, row));
    // The one neighbourhood unit: a quarter of the centre (illustrative).
    shapes.set("uv-sargento-aldea", {
      type: "Polygon",
      coordinates: [
        cell(0, 0).coordinates[0]!.map(([x, y]) => [
          round(PLAZA[0] + (x! - PLAZA[0]) / 2 + CELL[0] / 4),
          round(PLAZA[1] + (y! - PLAZA[1]) / 2 + CELL[1] / 4),
        ]),
      ],
    });
    for (const [code, [lon, lat]] of Object.entries(LOCALITIES))
      shapes.set(code, { type: "Point", coordinates: [lon, lat] });
    for (const [code, shape] of shapes) {
      const id = idOf.get(code);
      if (!id) continue;
      const geometry = checkGeometry(shape).geometry;
      const [w, s, e, n] = bboxOf(geometry);
      await trx
        .updateTable("territory")
        .set({
          geometry: JSON.stringify(geometry),
          display_geometry: JSON.stringify(displayGeometry(geometry)),
          bbox_west: w,
          bbox_south: s,
          bbox_east: e,
          bbox_north: n,
          approximate: LOCALITIES[code]?.[2] ?? true,
          updated_at: sql`now()`,
        })
        .where("id", "=", id)
        .execute();
    }

    // Simulated diagnosis: population and multidimensional poverty per sector and locality.
    const next = random(3301);
    const variables = [
      {
        key: "poblacion_simulada",
        label: "Población (simulada)",
        unit: "habitantes",
        value: (kind: string) =>
          Math.round(kind === "localidad" ? 80 + next() * 900 : 1500 + next() * 6500),
      },
      {
        key: "pobreza_simulada",
        label: "Pobreza multidimensional (simulada)",
        unit: "%",
        value: () => Math.round((8 + next() * 30) * 10) / 10,
      },
    ];
    for (const v of variables) {
      const row = await trx
        .insertInto("diagnosis_variable")
        .values({
          municipality_id: m,
          key: v.key,
          label: v.label,
          unit: v.unit,
          year: 2024,
          source: "Datos simulados para la demostración (no son cifras oficiales)",
          is_simulated: true,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("diagnosis_value")
        .values(
          territories
            .filter((t) => t.kind === "sector" || t.kind === "localidad")
            .map((t) => ({
              municipality_id: m,
              variable_id: row.id,
              territory_id: t.id,
              value: v.value(t.kind),
            })),
        )
        .execute();
    }

    await trx
      .insertInto("territorial_problem")
      .values(
        PROBLEMS.map((p) => ({
          municipality_id: m,
          title: p.title,
          description: p.description,
          priority: p.priority,
          category: p.category,
          territory_id: p.territory ? (idOf.get(p.territory) ?? null) : null,
          lon: p.point?.[0] ?? null,
          lat: p.point?.[1] ?? null,
          is_simulated: true,
        })),
      )
      .execute();

    // A few items drawn as points in their one sector (simulated placements).
    const sectorIds = [...Object.keys(SECTORS)].flatMap((c) => (idOf.has(c) ? [idOf.get(c)!] : []));
    const single = await trx
      .selectFrom("plan_item_territory as t")
      .innerJoin("plan_item as i", "i.id", "t.item_id")
      .innerJoin("territory as r", "r.id", "t.territory_id")
      .where("i.plan_id", "=", target.planId)
      .where("t.territory_id", "in", sectorIds.length ? sectorIds : [m])
      .where(
        (eb) =>
          eb
            .selectFrom("plan_item_territory as o")
            .whereRef("o.item_id", "=", "t.item_id")
            .select(sql<number>`count(*)::int`.as("n")),
        "=",
        1,
      )
      .select(["t.item_id", "r.code"])
      .orderBy("i.code")
      .limit(4)
      .execute();
    for (const [k, s] of single.entries()) {
      const [col, row] = SECTORS[s.code]!;
      const point: Geometry = {
        type: "Point",
        coordinates: [
          round(PLAZA[0] + col * CELL[0] + (k - 1.5) * 0.001),
          round(PLAZA[1] + row * CELL[1] + 0.001),
        ],
      };
      const [w, so, e, n] = bboxOf(point);
      await trx
        .insertInto("plan_item_geometry")
        .values({
          municipality_id: m,
          item_id: s.item_id,
          geometry: JSON.stringify(point),
          bbox_west: w,
          bbox_south: so,
          bbox_east: e,
          bbox_north: n,
          is_simulated: true,
        })
        .execute();
    }
  });
}
