import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { CiotsecError } from '../errors/base.js';

/** An XML body that is not acceptable: malformed, or carrying a DTD (no entity expansion, ever). */
export class XmlBodyError extends CiotsecError {
  readonly code = 'ERR_XML';
  override readonly name = 'XmlBodyError';
}

const parser = new XMLParser({
  ignoreAttributes: true,
  processEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'ueId',
});
const builder = new XMLBuilder({ format: false, suppressEmptyNode: true });

/**
 * Parses an XML request body into a plain object (the children of the root element). Any DOCTYPE or
 * ENTITY declaration is refused before parsing, so external entities and entity expansion ("billion
 * laughs") cannot happen.
 */
export function parseXmlBody(text: string, root: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new XmlBodyError('XML with a DTD or entity declarations is not accepted');
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text, true) as Record<string, unknown>;
  } catch (cause) {
    throw new XmlBodyError(`malformed XML: ${(cause as Error).message}`, { cause });
  }
  const body = doc[root];
  if (typeof body !== 'object' || body === null) throw new XmlBodyError(`expected root element <${root}>`);
  return body as Record<string, unknown>;
}

export function toXml(root: string, obj: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({ [root]: obj }) as string}`;
}

/** Registers application/xml as a raw-string body type (parsed per route, where the root is known). */
export function acceptXmlBodies(app: FastifyInstance): void {
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string' }, (_req, body, done) => {
    done(null, { __xml: body as string });
  });
}

/** The request body as an object: JSON as parsed, XML through parseXmlBody with the route's root. */
export function bodyOf(request: FastifyRequest, root: string): Record<string, unknown> {
  const b = request.body as { __xml?: string } | undefined;
  if (b !== undefined && typeof b.__xml === 'string') return parseXmlBody(b.__xml, root);
  if (typeof b !== 'object' || b === null) throw new XmlBodyError('a request body is required');
  return b as Record<string, unknown>;
}

/** Content negotiation: XML when the client prefers it (Accept), JSON otherwise. */
export function sendNegotiated(
  request: FastifyRequest,
  reply: FastifyReply,
  root: string,
  obj: Record<string, unknown>,
): FastifyReply {
  const accept = request.headers.accept ?? '';
  if (/application\/xml|text\/xml/.test(accept) && !/application\/json/.test(accept.split(',')[0] ?? '')) {
    return reply.type('application/xml').send(toXml(root, obj));
  }
  return reply.type('application/json').send(obj);
}
