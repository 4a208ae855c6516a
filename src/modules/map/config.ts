import { OSM_ATTRIBUTION, OSM_TILE_URL } from "../../config";
import type { MapConfig } from "./schemas";

/** The basemap from the app's options: OpenStreetMap unless told otherwise; null → plain background. */
export function mapConfigOf(options: {
  mapTileUrl?: string | null;
  mapTileAttribution?: string | null;
}): MapConfig {
  if (options.mapTileUrl === undefined)
    return { tileUrl: OSM_TILE_URL, attribution: OSM_ATTRIBUTION };
  if (options.mapTileUrl === null) return { tileUrl: null, attribution: null };
  return { tileUrl: options.mapTileUrl, attribution: options.mapTileAttribution ?? null };
}

/** The origin of the tile URL, for the Content-Security-Policy (img-src, connect-src). */
export function tileOrigins(config: MapConfig): string[] {
  if (!config.tileUrl) return [];
  // {s} subdomains (a.tile…, b.tile…) → a wildcard host.
  const url = config.tileUrl.replace(/\{s\}/g, "*");
  const m = /^(https?:\/\/[^/]+)/.exec(url);
  return m ? [m[1]!] : [];
}
