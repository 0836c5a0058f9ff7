import fs from 'node:fs';
import { STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { VideoAnswer } from '../media/video-answer.js';
import { CONTENT_SECURITY_POLICY } from '../system/content-security-policy.js';

export { CONTENT_SECURITY_POLICY };

/** Sent with every response, whatever its status. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  // frame-ancestors says the same to browsers that read CSP; this to those that do not.
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Status line and headers, with the security headers always included. */
export function writeHead(response: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, ...headers });
}

/** A short plain-text answer (errors and refusals); never cached. */
export function sendText(response: ServerResponse, status: number, message: string, headers: OutgoingHttpHeaders = {}): void {
  const body = `${message}\n`;
  writeHead(response, status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

/** The same refusal for an upgrade request, written on the raw socket before it is closed. */
export function refusalBytes(status: number, message: string): string {
  const body = `${message}\n`;
  const headers = {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    Connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Sends a file answer (a video, an export's download): its bytes streamed, or its refusal as text. */
export function sendFileAnswer(request: IncomingMessage, response: ServerResponse, answer: VideoAnswer): void {
  if (answer.kind === 'refused') {
    sendText(response, answer.status, answer.message, answer.headers);
    return;
  }
  writeHead(response, answer.status, answer.headers);
  if (request.method === 'HEAD' || answer.size === 0) {
    response.end();
    return;
  }
  const stream = fs.createReadStream(answer.file, { start: answer.start, end: answer.end });
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
