// Build and dev config for the web chat. The server serves client/dist on the
// same origin, so base is "/" and the dev server proxies the API and the socket
// to a locally running `npm start` (port 3000 unless CHAT_SERVER says otherwise).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const clientRoot = fileURLToPath(new URL(".", import.meta.url));
const chatServer = process.env.CHAT_SERVER ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: clientRoot,
  base: "/",
  // React 19 automatic runtime through Vite's own esbuild: @vitejs/plugin-react needs Vite 8.
  // jsxDev off: it follows NODE_ENV, and a build under vitest (NODE_ENV=test) would
  // emit jsxDEV calls that React's production runtime does not have.
  esbuild: { jsx: "automatic", jsxDev: false },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
  server: {
    proxy: {
      "/api": chatServer,
      "/socket.io": { target: chatServer, ws: true },
    },
  },
});
