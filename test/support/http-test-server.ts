/**
 * A recording HTTP server on loopback: keeps every request (headers and raw body) and
 * answers with a test-supplied handler. Webhook receivers and push services in tests.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type ReplyHandler = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface HttpTestServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Replaces the handler that answers the following requests. */
  setHandler(handler: ReplyHandler): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function write(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, reply.headers);
  response.end(reply.body ?? '');
}

export async function startHttpTestServer(handler: ReplyHandler = () => ({ status: 200 })): Promise<HttpTestServer> {
  const requests: RecordedRequest[] = [];
  let current = handler;
  const server = createServer((request, response) => {
    readBody(request)
      .then(async (body) => {
        const recorded = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body };
        requests.push(recorded);
        write(response, await current(recorded));
      })
      .catch((error: Error) => write(response, { status: 500, body: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setHandler(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
