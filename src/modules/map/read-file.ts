import type { Feature, FeatureCollection, GeoJsonProperties, Geometry } from "geojson";
import { kml } from "@tmcw/togeojson";
import { DOMParser } from "@xmldom/xmldom";
import * as shapefile from "shapefile";
import yauzl from "yauzl";
import { CrsError, identifyPrj, SUPPORTED_CRS, WGS84, type Crs } from "./projection";

/**
 * Reads a territory file as it comes from a municipality: GeoJSON, KML, or a
 * zipped Shapefile with its .prj. The result keeps the file's coordinates and
 * says in which system they are; reprojection is the caller's next step.
 */
export interface SourceFeature {
  properties: Record<string, unknown>;
  geometry: Geometry | null;
}

export interface SourceFile {
  format: "GeoJSON" | "KML" | "Shapefile";
  crs: Crs;
  features: SourceFeature[];
}

export class FileError extends Error {}

/** Largest uncompressed content of a zipped Shapefile (a zip bomb stops here). */
const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) {
        reject(new FileError("El archivo .zip está dañado o no es un zip."));
        return;
      }
      const files = new Map<string, Buffer>();
      let total = 0;
      zip.on("error", () => reject(new FileError("El archivo .zip está dañado.")));
      zip.on("end", () => resolve(files));
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = entry.fileName;
        const wanted = /\.(shp|dbf|prj|cpg)$/i.test(name) && !/(^|\/)__MACOSX\//.test(name);
        if (!wanted || name.endsWith("/")) {
          zip.readEntry();
          return;
        }
        total += entry.uncompressedSize;
        if (total > MAX_UNZIPPED_BYTES) {
          zip.close();
          reject(new FileError("El contenido del .zip supera 200 MB descomprimido."));
          return;
        }
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) {
            reject(new FileError(`No se pudo leer «${name}» dentro del .zip.`));
            return;
          }
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", () => reject(new FileError(`«${name}» está dañado dentro del .zip.`)));
          stream.on("end", () => {
            files.set(name, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

async function readShapefile(buffer: Buffer): Promise<SourceFile> {
  const files = await unzip(buffer);
  const find = (ext: string) => [...files.keys()].filter((n) => n.toLowerCase().endsWith(ext));
  const shps = find(".shp");
  if (shps.length === 0) throw new FileError("El .zip no contiene un archivo .shp.");
  if (shps.length > 1)
    throw new FileError(
      `El .zip contiene ${shps.length} capas (.shp); envíe una sola: ${shps.join(", ")}.`,
    );
  const base = shps[0]!.slice(0, -4);
  const sibling = (ext: string) =>
    [...files.entries()].find(([n]) => n.toLowerCase() === `${base}${ext}`.toLowerCase())?.[1];
  const dbf = sibling(".dbf");
  if (!dbf) throw new FileError(`Falta «${base}.dbf» (los atributos) en el .zip.`);
  const prj = sibling(".prj");
  if (!prj)
    throw new FileError(
      `Falta «${base}.prj» en el .zip: sin él no se sabe en qué proyección están las coordenadas. Exporte la capa con su archivo .prj.`,
    );
  const crs = identifyPrj(prj.toString("utf8"));
  const cpg = sibling(".cpg")?.toString("latin1").trim();
  const encoding = cpg && /utf-?8/i.test(cpg) ? "utf-8" : cpg ? cpg.toLowerCase() : "utf-8";
  let collection: FeatureCollection;
  try {
    collection = await shapefile.read(toArrayBuffer(sibling(".shp")!), toArrayBuffer(dbf), {
      encoding,
    });
  } catch (error) {
    throw new FileError(`No se pudo leer el Shapefile: ${(error as Error).message}.`);
  }
  return {
    format: "Shapefile",
    crs,
    features: collection.features.map((f) => ({
      properties: { ...(f.properties ?? {}) },
      geometry: f.geometry,
    })),
  };
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

function readKml(text: string): SourceFile {
  let errors = 0;
  const doc = new DOMParser({
    onError: (level) => {
      if (level !== "warning") errors++;
    },
  }).parseFromString(text, "text/xml");
  if (errors > 0 || doc.getElementsByTagName("kml").length === 0)
    throw new FileError("El archivo KML no es un XML válido con un elemento <kml>.");
  const collection = kml(doc);
  return {
    format: "KML",
    crs: WGS84,
    features: collection.features.map((f) => ({
      properties: { ...(f.properties ?? {}) },
      geometry: f.geometry,
    })),
  };
}

/** The legacy `crs` member (GeoJSON 2008), which QGIS still writes for projected layers. */
function legacyCrs(value: unknown): Crs {
  if (typeof value !== "object" || value === null) return WGS84;
  const name = (value as { properties?: { name?: unknown } }).properties?.name;
  if (typeof name !== "string") return WGS84;
  if (/CRS84$/i.test(name)) return WGS84;
  const code = /EPSG:{1,2}(\d+)$/i.exec(name)?.[1];
  const crs = code ? SUPPORTED_CRS.find((c) => c.code === Number(code)) : undefined;
  if (!crs)
    throw new CrsError(
      `La proyección «${name}» no está soportada; se aceptan ${SUPPORTED_CRS.map((c) => `EPSG:${c.code}`).join(", ")}.`,
    );
  return crs;
}

function readGeoJson(text: string): SourceFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new FileError(`El GeoJSON no es un JSON válido: ${(error as Error).message}.`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw new FileError("El GeoJSON debe ser un objeto (FeatureCollection, Feature o geometría).");
  const root = doc as { type?: unknown; crs?: unknown; features?: unknown };
  const crs = legacyCrs(root.crs);
  let features: SourceFeature[];
  if (root.type === "FeatureCollection") {
    if (!Array.isArray(root.features))
      throw new FileError("La FeatureCollection no tiene un arreglo «features».");
    features = root.features.map((f: unknown, i: number) => {
      const feature = f as Partial<Feature> | null;
      if (typeof feature !== "object" || feature === null || feature.type !== "Feature")
        throw new FileError(`El elemento ${i + 1} de «features» no es un Feature.`);
      return {
        properties: { ...((feature.properties ?? {}) as NonNullable<GeoJsonProperties>) },
        geometry: (feature.geometry ?? null) as Geometry | null,
      };
    });
  } else if (root.type === "Feature") {
    const feature = doc as Partial<Feature>;
    features = [
      {
        properties: { ...((feature.properties ?? {}) as NonNullable<GeoJsonProperties>) },
        geometry: (feature.geometry ?? null) as Geometry | null,
      },
    ];
  } else if (typeof root.type === "string" && "coordinates" in root) {
    features = [{ properties: {}, geometry: doc as Geometry }];
  } else
    throw new FileError("El GeoJSON no es una FeatureCollection, un Feature ni una geometría.");
  return { format: "GeoJSON", crs, features };
}

/** Recognises the format by the content (a zip, XML or JSON), not by the file name. */
export async function readTerritoryFile(buffer: Buffer): Promise<SourceFile> {
  if (buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50) return readShapefile(buffer);
  const text = buffer.toString("utf8").replace(/^\uFEFF/, "");
  const first = text.trimStart()[0];
  if (first === "<") return readKml(text);
  if (first === "{") return readGeoJson(text);
  throw new FileError(
    "El archivo no es GeoJSON, KML ni un Shapefile comprimido en .zip (con .shp, .dbf y .prj).",
  );
}
