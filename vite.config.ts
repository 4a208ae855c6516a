import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL("./web", import.meta.url));

// The web app: built into dist/web, which the API server serves (with index.html for every
// non-API route). In development, `npx vite` serves it with /api proxied to a running server.
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist/web", import.meta.url)),
    emptyOutDir: true,
    // Pages are loaded with React.lazy, so each one is its own chunk. The largest is the map
    // page with MapLibre GL (about 1.1 MB minified, 300 kB gzip), loaded only on that page; the
    // dashboard's initial JavaScript is measured by `npm run bench -- dashboard`. Warn past it.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // React and the router change less often than the app: a separate, long-cached file.
        codeSplitting: {
          groups: [
            {
              name: "vendor",
              test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:3000" },
  },
});
