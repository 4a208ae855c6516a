/** Vite's `?url` imports: the URL of a file emitted as an asset (MapLibre's worker). */
declare module "*?url" {
  const url: string;
  export default url;
}
