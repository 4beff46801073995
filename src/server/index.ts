/**
 * The HTTP API and report browser, over the same tools as the MCP server.
 * @module
 */

export {
  AUTH_ENVIRONMENT,
  type AuthConfig,
  loadAuthConfig,
  ServeConfigSchema,
  signInConfigured,
} from "./auth/auth-config.js";
export { createHttpApp, type HttpServerOptions, startHttpServer } from "./http-server.js";
