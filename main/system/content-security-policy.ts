/**
 * The renderer's Content-Security-Policy, one string for both front doors that serve it (the
 * Electron shell's custom protocol and the local web host): scripts and styles only from the app
 * itself, nothing inline, no plugins, no framing, connections only back to where the page came from.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
