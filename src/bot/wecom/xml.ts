// XML in and out for the self-built app callback. fast-xml-parser with entity processing off (no XXE, no
// entity expansion); documents with a DOCTYPE are refused before parsing. Values stay strings (MsgId is opaque).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cdata } from './crypto.js';

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

/** Parses `<xml>…</xml>` into a flat record of string fields; null when it is not well-formed or not flat enough. */
export function parseXml(text: string): Record<string, string> | null {
  if (!text || text.length > 1_000_000 || /<!DOCTYPE|<!ENTITY/i.test(text)) return null;
  if (XMLValidator.validate(text) !== true) return null;
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    return null;
  }
  const root = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).xml : undefined;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    // nested elements (ScanCodeInfo, SendPicsInfo…) are not needed and are skipped
  }
  return out;
}

/** Builds `<xml>` with CDATA text fields; numeric fields (CreateTime) are written bare. */
export function buildXml(fields: Record<string, string | number>): string {
  let s = '<xml>';
  for (const [k, v] of Object.entries(fields)) s += typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${cdata(v)}]]></${k}>`;
  return `${s}</xml>`;
}
