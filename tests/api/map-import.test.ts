import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TerritoryImportResult } from "../../src/modules/map/schemas";
import { ENGINES } from "../support/databases";
import { countRows, startEditingWorld, type EditingWorld } from "../support/editing";
import { multipart } from "../support/multipart";
import { headersOf, type Session } from "../support/users";

/**
 * Territory and diagnosis imports (issue #7): the formats municipalities hold
 * (zipped Shapefile in UTM 19S, GeoJSON, KML; CSV and xlsx keyed by code),
 * reprojection against control points, and every kind of bad input with its
 * message and nothing written.
 */
const V = "/api/municipalities/03301";
const SHP = path.resolve(import.meta.dirname, "../../fixtures/test/map/sectores-utm19s.zip");
/**
 * Control point: Vallenar's Plaza de Armas, 28.5765° S 70.7586° W (the
 * town's coordinates in Wikipedia), in UTM 19S E 328004.214 N 6837670.238,
 * computed with the Krüger series (Karney 2011, 6th order) in a separate
 * Python script, not with proj4js (see fixtures/test/map/make-shapefile.py).
 */
const PLAZA = { lon: -70.7586, lat: -28.5765, e: 328004.214, n: 6837670.238 };

/** Metres between two lon/lat positions (equirectangular; exact enough at 1 m scale). */
function metres(a: number[], b: number[]): number {
  const k = Math.PI / 180;
  const x = (a[0]! - b[0]!) * k * Math.cos(((a[1]! + b[1]!) / 2) * k) * 6371008;
  const y = (a[1]! - b[1]!) * k * 6371008;
  return Math.hypot(x, y);
}

const square = (lon: number, lat: number, d = 0.01) => [
  [
    [lon, lat],
    [lon + d, lat],
    [lon + d, lat + d],
    [lon, lat + d],
    [lon, lat],
  ],
];

function featureCollection(features: Array<{ props: object; geometry: object }>, extra = {}) {
  return JSON.stringify({
    type: "FeatureCollection",
    ...extra,
    features: features.map((f) => ({ type: "Feature", properties: f.props, geometry: f.geometry })),
  });
}

describe.each(ENGINES)("map imports on %s", (engine) => {
  let w: EditingWorld;
  beforeAll(async () => {
    w = await startEditingWorld(engine);
  });
  afterAll(async () => {
    await w?.t.close();
  });

  async function upload(
    url: string,
    fields: Record<string, string>,
    file: { name: string; content: Buffer | string },
    session: Session | null = w.sessions.admin,
  ) {
    const body = multipart(fields, file);
    return w.t.app.inject({
      method: "POST",
      url: `${V}${url}`,
      payload: body.payload,
      headers: { ...headersOf(session), ...body.headers },
    });
  }
  const territories = () => countRows(w, "territory");
  const importTerritories = (
    file: { name: string; content: Buffer | string },
    fields: Record<string, string> = {},
    session?: Session | null,
  ) =>
    upload(
      "/territories/import",
      { codeField: "codigo", nameField: "nombre", kind: "sector", dryRun: "true", ...fields },
      file,
      session,
    );

  it("imports a zipped Shapefile in UTM 19S: preview writes nothing, commit reprojects and nests", async () => {
    const zip = fs.readFileSync(SHP);
    const fields = { codeField: "CODIGO", nameField: "NOMBRE", parentCodeField: "PADRE" };
    const before = await territories();
    const preview = await importTerritories({ name: "sectores.zip", content: zip }, fields);
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json() as TerritoryImportResult;
    expect(p).toMatchObject({
      sourceCrs: "EPSG:32719 (WGS 84 / UTM zona 19S)",
      featureCount: 2,
      attributes: ["CODIGO", "NOMBRE", "PADRE"],
      errors: [],
    });
    expect(p.rows.map((r) => [r.code, r.action, r.parentCode])).toEqual([
      ["S-UTM-1", "create", null],
      ["S-UTM-2", "create", "S-UTM-1"],
    ]);
    expect(p.committed).toBeUndefined();
    expect(await territories()).toBe(before);

    const viewer = await importTerritories(
      { name: "s.zip", content: zip },
      fields,
      w.sessions.viewer,
    );
    expect(viewer.statusCode).toBe(403);
    const anonymous = await importTerritories({ name: "s.zip", content: zip }, fields, null);
    expect(anonymous.statusCode).toBe(401);

    const audits = await countRows(w, "audit_log");
    const done = await importTerritories(
      { name: "sectores.zip", content: zip },
      { ...fields, dryRun: "false" },
    );
    expect(done.json()).toMatchObject({ committed: true, errors: [] });
    expect(await territories()).toBe(before + 2);
    expect(await countRows(w, "audit_log")).toBe(audits + 2);

    const layer = (await w.as.admin("GET", "/03301/map/layers/territories")).json();
    const s1 = layer.features.find(
      (f: { properties: { code: string } }) => f.properties.code === "S-UTM-1",
    );
    const s2 = layer.features.find(
      (f: { properties: { code: string } }) => f.properties.code === "S-UTM-2",
    );
    expect(s2.properties).toMatchObject({
      parentId: s1.id,
      parentCode: "S-UTM-1",
      approximate: false,
    });
    // The square is centred on the control point: its corners average to it within 1 m.
    const ring = s1.geometry.coordinates[0] as number[][];
    const corners = ring.slice(0, 4);
    const mean = [0, 1].map((k) => corners.reduce((s, c) => s + c[k]!, 0) / 4);
    expect(metres(mean, [PLAZA.lon, PLAZA.lat])).toBeLessThan(1);
    // RFC 7946: the exterior ring is counter-clockwise (positive shoelace area), though the file's was clockwise.
    const area = ring
      .slice(0, -1)
      .reduce((s, c, i) => s + c[0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * c[1]!, 0);
    expect(area).toBeGreaterThan(0);

    const again = await importTerritories({ name: "s.zip", content: zip }, fields);
    expect((again.json() as TerritoryImportResult).rows.map((r) => r.action)).toEqual([
      "unchanged",
      "unchanged",
    ]);
  });

  it("reprojects a projected GeoJSON point (legacy crs EPSG:32719) to the control point within 1 m", async () => {
    const file = featureCollection(
      [
        {
          props: { codigo: "P-UTM", nombre: "Plaza" },
          geometry: { type: "Point", coordinates: [PLAZA.e, PLAZA.n] },
        },
      ],
      { crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32719" } } },
    );
    const res = await importTerritories(
      { name: "p.geojson", content: file },
      { kind: "localidad", dryRun: "false" },
    );
    expect(res.json()).toMatchObject({
      sourceCrs: "EPSG:32719 (WGS 84 / UTM zona 19S)",
      committed: true,
    });
    const layer = (await w.as.admin("GET", "/03301/map/layers/territories")).json();
    const point = layer.features.find(
      (f: { properties: { code: string } }) => f.properties.code === "P-UTM",
    );
    expect(point.geometry.type).toBe("Point");
    expect(metres(point.geometry.coordinates, [PLAZA.lon, PLAZA.lat])).toBeLessThan(1);
  });

  it("imports KML with its extended data; closes an open GeoJSON ring with a warning", async () => {
    const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Sector KML</name>
<ExtendedData><Data name="codigo"><value>K-1</value></Data></ExtendedData>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
-70.80,-28.60 -70.79,-28.60 -70.79,-28.59 -70.80,-28.59
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>`;
    const res = await importTerritories({ name: "s.kml", content: kml }, { nameField: "name" });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as TerritoryImportResult;
    expect(body.sourceCrs).toBe("EPSG:4326 (WGS 84 (geográficas))");
    expect(body.rows).toEqual([
      expect.objectContaining({ code: "K-1", name: "Sector KML", action: "create" }),
    ]);
    // An open ring (the last position is not the first) in GeoJSON is closed, and said.
    const open = featureCollection([
      {
        props: { codigo: "ABIERTO", nombre: "Abierto" },
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [-70.8, -28.6],
              [-70.79, -28.6],
              [-70.79, -28.59],
              [-70.8, -28.59],
            ],
          ],
        },
      },
    ]);
    const closed = (await importTerritories({ name: "o.geojson", content: open })).json();
    expect(closed.errors).toEqual([]);
    expect(closed.rows[0].warnings).toEqual([
      "se cerró el anillo 1, que no terminaba en su primer punto (-70.80000, -28.60000)",
    ]);
  });

  it("refuses bad files with a message naming what and where, and writes nothing", async () => {
    const before = await territories();
    const audits = await countRows(w, "audit_log");

    // A Shapefile without its .prj.
    const noPrj = fs.readFileSync(SHP.replace("utm19s", "sin-prj"));
    let res = await importTerritories({ name: "s.zip", content: noPrj }, { dryRun: "false" });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.json().detail).toMatch(/Falta «sectores\.prj» en el \.zip/);

    // A projection we do not support (PSAD56, the old South American datum).
    const psad = fs.readFileSync(SHP.replace("utm19s", "psad56"));
    res = await importTerritories({ name: "s.zip", content: psad }, { dryRun: "false" });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(
      /^La proyección «PSAD_1956_UTM_Zone_19S» no está soportada; se aceptan .*EPSG:32719/,
    );

    // Broken geometry: a bow-tie, with where it crosses; coordinates outside Chile, by feature number.
    const broken = featureCollection([
      {
        props: { codigo: "OK-1", nombre: "Bien" },
        geometry: { type: "Polygon", coordinates: square(-70.9, -28.7) },
      },
      {
        props: { codigo: "LAZO", nombre: "Lazo" },
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [-70.8, -28.6],
              [-70.7, -28.5],
              [-70.7, -28.6],
              [-70.8, -28.5],
              [-70.8, -28.6],
            ],
          ],
        },
      },
      {
        props: { codigo: "MAD", nombre: "Madrid" },
        geometry: { type: "Point", coordinates: [-3.7, 40.4] },
      },
    ]);
    res = await importTerritories({ name: "b.geojson", content: broken }, { dryRun: "false" });
    expect(res.statusCode).toBe(200);
    const body = res.json() as TerritoryImportResult;
    expect(body.committed).toBeUndefined();
    expect(body.errors).toEqual([
      {
        feature: 2,
        message: expect.stringMatching(
          /^elemento 2: La geometría se corta a sí misma en 1 punto: \(-70\.75000, -28\.55000\)/,
        ),
      },
      {
        feature: 3,
        message: expect.stringMatching(
          /^elemento 3: La coordenada \(-3\.70000, 40\.40000\) \(longitud, latitud\) está fuera de Chile/,
        ),
      },
    ]);

    // A code that the form did not pick: the attributes to choose from.
    res = await importTerritories({ name: "b.geojson", content: broken }, { codeField: "CODE" });
    expect(res.json().errors[0].message).toMatch(
      /el atributo «CODE» no existe en el archivo; tiene «codigo», «nombre»/,
    );

    // A hierarchy that loops (each the other's parent).
    const loop = featureCollection([
      {
        props: { codigo: "L-1", nombre: "Uno", padre: "L-2" },
        geometry: { type: "Polygon", coordinates: square(-70.9, -28.7) },
      },
      {
        props: { codigo: "L-2", nombre: "Dos", padre: "L-1" },
        geometry: { type: "Polygon", coordinates: square(-70.8, -28.7) },
      },
    ]);
    res = await importTerritories(
      { name: "l.geojson", content: loop },
      { parentCodeField: "padre", dryRun: "false" },
    );
    expect(res.json().errors).toEqual([
      {
        feature: 1,
        message: "elemento 1: el territorio «L-1» quedaría dentro de sí mismo (L-1 → L-2)",
      },
      {
        feature: 2,
        message: "elemento 2: el territorio «L-2» quedaría dentro de sí mismo (L-2 → L-1)",
      },
    ]);

    // Not a territory file at all.
    res = await importTerritories({ name: "x.txt", content: "hola" });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toEqual({
      path: "file",
      message: expect.stringMatching(/no es GeoJSON, KML ni un Shapefile/),
    });

    expect(await territories()).toBe(before);
    expect(await countRows(w, "audit_log")).toBe(audits);
  });

  it("refuses a 100 MB GeoJSON from its announced length, before reading the body", async () => {
    const total = 100 * 1024 * 1024;
    let sent = 0;
    const body = new Readable({
      read() {
        // Never more than the first chunk: the refusal comes from the header alone.
        if (sent > 0) return this.push(null);
        sent += 65536;
        this.push(Buffer.alloc(65536, 32));
      },
    });
    const res = await w.t.app.inject({
      method: "POST",
      url: `${V}/territories/import`,
      payload: body,
      headers: {
        ...headersOf(w.sessions.admin),
        "content-type": "multipart/form-data; boundary=x",
        "content-length": String(total),
      },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      title: "Archivo demasiado grande",
      errors: [{ path: "file", message: "El archivo supera el máximo de 25 MB." }],
    });
    expect(sent).toBeLessThanOrEqual(65536);
  });

  it("imports a diagnosis variable from CSV: row errors by number, preview, commit, then xlsx replaces it", async () => {
    const bad = "codigo;valor\ncentro;1.234,5\nUV-99;12\nbaquedano;abc\n";
    let res = await upload(
      "/map/diagnosis/import",
      {
        variable: "hogares",
        label: "Hogares",
        unit: "hogares",
        year: "2024",
        source: "Prueba",
        dryRun: "false",
      },
      { name: "h.csv", content: bad },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().errors).toEqual([
      { row: 3, message: "fila 3: el código 'UV-99' no corresponde a ningún territorio" },
      { row: 4, message: "fila 4: el valor «abc» de 'baquedano' no es un número" },
    ]);
    expect(res.json().committed).toBeUndefined();
    const vars = async () =>
      (await w.as.viewer("GET", "/03301/map/diagnosis/variables")).json().items as Array<{
        key: string;
        count: number;
      }>;
    expect((await vars()).some((v) => v.key === "hogares")).toBe(false);

    const good = "codigo,valor\ncentro,1234.5\nbaquedano,10\ntorreblanca,20\naltiplano-sur,\n";
    const fields = {
      variable: "hogares",
      label: "Hogares",
      unit: "hogares",
      year: "2024",
      source: "Prueba",
    };
    res = await upload(
      "/map/diagnosis/import",
      { ...fields, dryRun: "true" },
      { name: "h.csv", content: good },
    );
    expect(
      res.json().rows.map((r: { code: string; value: number | null }) => [r.code, r.value]),
    ).toEqual([
      ["centro", 1234.5],
      ["baquedano", 10],
      ["torreblanca", 20],
      ["altiplano-sur", null],
    ]);
    expect(
      (
        await upload(
          "/map/diagnosis/import",
          { ...fields, dryRun: "true" },
          { name: "h.csv", content: good },
          w.sessions.editor,
        )
      ).statusCode,
    ).toBe(403);
    res = await upload(
      "/map/diagnosis/import",
      { ...fields, dryRun: "false" },
      { name: "h.csv", content: good },
    );
    expect(res.json().committed).toBe(true);
    expect((await vars()).find((v) => v.key === "hogares")).toMatchObject({
      count: 3,
      label: "Hogares",
    });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Datos");
    sheet.addRow(["Código", "Hogares"]);
    sheet.addRow(["centro", 100]);
    sheet.addRow(["baquedano", 300]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    res = await upload(
      "/map/diagnosis/import",
      { ...fields, dryRun: "false" },
      { name: "h.xlsx", content: xlsx },
    );
    expect(res.json()).toMatchObject({ committed: true, errors: [] });
    expect((await vars()).find((v) => v.key === "hogares")).toMatchObject({ count: 2 });

    const layer = await w.as.viewer(
      "GET",
      "/03301/map/layers/diagnosis?variable=hogares&method=equal&classes=2",
    );
    expect(layer.statusCode).toBe(200);
    expect(layer.json().breaks).toEqual([200, 300]);
    const props = (
      layer.json().collection.features as Array<{
        properties: { code: string; value: number | null; class: number | null };
      }>
    )
      .map((f) => f.properties)
      .filter((p) => p.value !== null);
    expect(props.map((p) => [p.code, p.value, p.class]).sort()).toEqual([
      ["baquedano", 300, 1],
      ["centro", 100, 0],
    ]);
    const manual = await w.as.viewer(
      "GET",
      "/03301/map/layers/diagnosis?variable=hogares&method=manual&breaks=150",
    );
    expect(manual.json().breaks).toEqual([150, 300]);
    const wrong = await w.as.viewer(
      "GET",
      "/03301/map/layers/diagnosis?variable=hogares&method=manual&breaks=20,10",
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0]).toEqual({
      path: "querystring.breaks",
      message: "los cortes deben ir de menor a mayor, sin repetirse",
    });
  });
});
