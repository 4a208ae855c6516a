import { describe, expect, it } from "vitest";
import { CrsError, identifyPrj, SUPPORTED_CRS, toWgs84 } from "./projection";

/**
 * Control points, computed independently of proj4js with the Krüger series
 * (Karney 2011, "Transverse Mercator with an accuracy of a few nanometers",
 * 6th order) in a short Python script:
 * - Vallenar, Plaza de Armas, 28.5765° S 70.7586° W (Wikipedia):
 *   UTM 19S E 328004.214 N 6837670.238
 * - Santiago, Plaza de Armas, 33.4378° S 70.6505° W (Wikipedia):
 *   UTM 19S E 346574.735 N 6298958.906
 * - Puerto Montt, 41.4693° S 72.9424° W (Wikipedia): UTM 18S E 671818.687 N 5407100.532
 */
const CONTROL = [
  { code: 32719, e: 328004.214, n: 6837670.238, lon: -70.7586, lat: -28.5765 },
  { code: 32719, e: 346574.735, n: 6298958.906, lon: -70.6505, lat: -33.4378 },
  { code: 32718, e: 671818.687, n: 5407100.532, lon: -72.9424, lat: -41.4693 },
  // SIRGAS-Chile is taken as WGS84 at map scale: the same numbers.
  { code: 5361, e: 328004.214, n: 6837670.238, lon: -70.7586, lat: -28.5765 },
];

function metres(a: number[], b: number[]): number {
  const k = Math.PI / 180;
  const x = (a[0]! - b[0]!) * k * Math.cos(((a[1]! + b[1]!) / 2) * k) * 6371008;
  return Math.hypot(x, (a[1]! - b[1]!) * k * 6371008);
}

describe("projections", () => {
  it.each(CONTROL)("reprojects EPSG:$code control points within 1 m", (c) => {
    const crs = SUPPORTED_CRS.find((s) => s.code === c.code)!;
    expect(metres(toWgs84(crs)([c.e, c.n]), [c.lon, c.lat])).toBeLessThan(1);
  });

  it("identifies .prj files by EPSG authority, by ESRI name, by datum and central meridian", () => {
    const ogc =
      'PROJCS["WGS 84 / UTM zone 18S",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",-75],PARAMETER["false_northing",10000000],UNIT["metre",1],AUTHORITY["EPSG","32718"]]';
    expect(identifyPrj(ogc).code).toBe(32718);
    const sirgas =
      'PROJCS["SIRGAS-Chile_UTM_Zone_19S",GEOGCS["GCS_SIRGAS-Chile",DATUM["D_SIRGAS-Chile",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",-69.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    expect(identifyPrj(sirgas).code).toBe(5361);
    const noZoneName = sirgas
      .replace("SIRGAS-Chile_UTM_Zone_19S", "Mi proyeccion")
      .replace("-69.0", "-75.0");
    expect(identifyPrj(noZoneName).code).toBe(5362);
    const geographic =
      'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
    expect(identifyPrj(geographic).code).toBe(4326);
  });

  it("refuses other systems and zones by name, listing the accepted ones", () => {
    const north =
      'PROJCS["WGS 84 / UTM zone 19N",GEOGCS["WGS 84",DATUM["WGS_1984"]],PROJECTION["Transverse_Mercator"],PARAMETER["false_northing",0]]';
    expect(() => identifyPrj(north)).toThrow(
      /^La proyección «WGS 84 \/ UTM zone 19N» no está soportada; se aceptan WGS 84/,
    );
    const webMercator =
      'PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984"]],AUTHORITY["EPSG","3857"]]';
    expect(() => identifyPrj(webMercator)).toThrow(CrsError);
    expect(() => identifyPrj("hola")).toThrow(/no contiene una definición WKT reconocible/);
  });
});
