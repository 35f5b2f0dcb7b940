/**
 * Content-Security-Policy for every page PoseScope shows, in Electron and in browser mode alike:
 * only the app's own scripts, no inline script or eval, no plugins, no framing.
 * Images may be data:/blob: URLs because thumbnails and heatmaps are drawn client-side.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** Sent as an HTTP header (browser mode). */
export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/**
 * Embedded as <meta http-equiv> in index.html, which also covers file:// loads in Electron.
 * `frame-ancestors` is left out: browsers ignore it in a meta tag and log an error.
 */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');
