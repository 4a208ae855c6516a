import proj4 from "proj4";

/**
 * The coordinate systems a territory file may come in, and their reprojection
 * to WGS84 (lon, lat) with proj4. Chilean municipalities keep their boundaries
 * in UTM (zones 19S and 18S) on WGS84 or on SIRGAS-Chile; SIRGAS-Chile and
 * SIRGAS 2000 are realisations of ITRF whose difference from WGS84 is a few
 * centimetres, so they are taken as equivalent to WGS84 at map scale
 * (towgs84 all zeros, as the EPSG registry's proj strings for 5360–5362 do).
 */
export interface Crs {
  code: number;
  label: string;
  proj: string;
}

const SIRGAS = "+ellps=GRS80 +towgs84=0,0,0,0,0,0,0";

export const SUPPORTED_CRS: readonly Crs[] = [
  { code: 4326, label: "WGS 84 (geográficas)", proj: "+proj=longlat +datum=WGS84 +no_defs" },
  {
    code: 32719,
    label: "WGS 84 / UTM zona 19S",
    proj: "+proj=utm +zone=19 +south +datum=WGS84 +units=m +no_defs",
  },
  {
    code: 32718,
    label: "WGS 84 / UTM zona 18S",
    proj: "+proj=utm +zone=18 +south +datum=WGS84 +units=m +no_defs",
  },
  { code: 5360, label: "SIRGAS-Chile (geográficas)", proj: `+proj=longlat ${SIRGAS} +no_defs` },
  {
    code: 5361,
    label: "SIRGAS-Chile / UTM zona 19S",
    proj: `+proj=utm +zone=19 +south ${SIRGAS} +units=m +no_defs`,
  },
  {
    code: 5362,
    label: "SIRGAS-Chile / UTM zona 18S",
    proj: `+proj=utm +zone=18 +south ${SIRGAS} +units=m +no_defs`,
  },
  { code: 4674, label: "SIRGAS 2000 (geográficas)", proj: `+proj=longlat ${SIRGAS} +no_defs` },
  {
    code: 31979,
    label: "SIRGAS 2000 / UTM zona 19S",
    proj: `+proj=utm +zone=19 +south ${SIRGAS} +units=m +no_defs`,
  },
  {
    code: 31978,
    label: "SIRGAS 2000 / UTM zona 18S",
    proj: `+proj=utm +zone=18 +south ${SIRGAS} +units=m +no_defs`,
  },
];

export const WGS84 = SUPPORTED_CRS[0]!;

export const ACCEPTED_CRS_TEXT =
  "WGS 84 (EPSG:4326), UTM 19S o 18S sobre WGS 84 (EPSG:32719, 32718), SIRGAS-Chile (EPSG:5360, 5361, 5362) y SIRGAS 2000 UTM 19S o 18S (EPSG:31979, 31978)";

export class CrsError extends Error {}

export const crsName = (crs: Crs) => `EPSG:${crs.code} (${crs.label})`;

function byCode(code: number): Crs | undefined {
  return SUPPORTED_CRS.find((c) => c.code === code);
}

function unsupported(name: string): CrsError {
  return new CrsError(
    `La proyección «${name}» no está soportada; se aceptan ${ACCEPTED_CRS_TEXT}.`,
  );
}

/** The first quoted name of a WKT (the PROJCS or GEOGCS name). */
function wktName(wkt: string): string {
  return /^\s*[A-Z_]+\s*\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? wkt.slice(0, 60);
}

/**
 * Identifies the system of a Shapefile's .prj (OGC or ESRI WKT): by its EPSG
 * authority when it names one, else by datum and UTM zone (from the name or
 * from the central meridian and false northing).
 */
export function identifyPrj(wkt: string): Crs {
  const text = wkt.trim();
  const name = wktName(text);
  if (!/^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[/i.test(text))
    throw new CrsError(
      `El archivo .prj no contiene una definición WKT reconocible («${text.slice(0, 60)}»).`,
    );
  // The outermost AUTHORITY is the last one in WKT1 (it closes the outer bracket).
  const authorities = [...text.matchAll(/(?:AUTHORITY|ID)\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)];
  const outer = authorities.at(-1);
  if (outer && text.replace(/\s/g, "").endsWith(`${outer[0].replace(/\s/g, "")}]`)) {
    const crs = byCode(Number(outer[1]));
    if (!crs) throw unsupported(name);
    return crs;
  }
  const datumText = /DATUM\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? "";
  const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const datum = norm(datumText);
  const family = /SIRGASCHILE/.test(datum + norm(name))
    ? "chile"
    : /SIRGAS/.test(datum)
      ? "sirgas2000"
      : /^(DWGS1984|WGS1984|WGS84)$/.test(datum)
        ? "wgs84"
        : null;
  if (!family) throw unsupported(name);
  const projected = /^(PROJCS|PROJCRS)/i.test(text);
  if (!projected) return byCode(family === "wgs84" ? 4326 : family === "chile" ? 5360 : 4674)!;
  if (!/Transverse_Mercator|UTM/i.test(text)) throw unsupported(name);
  let zone: number | null = null;
  let south: boolean | null = null;
  const named = /UTM[\s_]*zone[\s_]*(\d{1,2})\s*([NS])?/i.exec(name);
  if (named) {
    zone = Number(named[1]);
    south = named[2] ? named[2].toUpperCase() === "S" : null;
  }
  const param = (p: string) => {
    const m = new RegExp(`PARAMETER\\s*\\[\\s*"${p}"\\s*,\\s*(-?[\\d.]+)`, "i").exec(text);
    return m ? Number(m[1]) : null;
  };
  const cm = param("central_meridian");
  if (zone === null && cm !== null) zone = Math.floor((cm + 180) / 6) + 1;
  const fn = param("false_northing");
  if (south === null && fn !== null) south = fn === 10000000;
  if (zone === null || south !== true || (zone !== 18 && zone !== 19)) throw unsupported(name);
  const code =
    family === "wgs84"
      ? 32700 + zone
      : family === "chile"
        ? zone === 19
          ? 5361
          : 5362
        : 31960 + zone;
  return byCode(code)!;
}

/** A function that takes [x, y] in the source system to [lon, lat] in WGS84. */
export function toWgs84(crs: Crs): (xy: readonly number[]) => [number, number] {
  if (crs.code === 4326) return (xy) => [xy[0]!, xy[1]!];
  const converter = proj4(crs.proj, WGS84.proj);
  return (xy) => {
    const [lon, lat] = converter.forward([xy[0]!, xy[1]!]);
    return [lon!, lat!];
  };
}
