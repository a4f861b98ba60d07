/** Remix classic compiler. The server bundle is ESM and keeps node_modules external. */
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  appDirectory: "app",
  assetsBuildDirectory: "public/build",
  publicPath: "/build/",
  serverBuildPath: "build/index.js",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  ignoredRouteFiles: ["**/.*", "**/*.test.*", "**/*.server.test.*"],
  // Server-only modules outside app/ (db, domain, workers) are bundled; their
  // npm dependencies stay external and load from node_modules at run time.
  serverDependenciesToBundle: [/^@fontsource\//],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
