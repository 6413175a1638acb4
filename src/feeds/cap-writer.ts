/**
 * Writes a CapAlert as a CAP 1.2 XML document. Element order follows the
 * sequence in the OASIS schema (cap12.xsd); a value CAP cannot carry throws a
 * CapWriteError naming the element, so a bad alert never reaches a feed.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { CAP_12_NAMESPACE, type CapAlert, type CapArea, type CapInfo, type CapValuePair } from './cap-types.js';
import {
  capDateTime,
  circleProblem,
  formatCircle,
  formatPolygon,
  formatReferences,
  formatSpaceList,
  identifierProblem,
  isoGeocodeProblem,
  ringProblem,
} from './cap-rules.js';

export { capDateTime, isoGeocode } from './cap-rules.js';

/** Thrown when an alert cannot be written as valid CAP; `path` names the element. */
export class CapWriteError extends Error {
  override readonly name = 'CapWriteError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

// CAP says these message types act on earlier messages named in <references>.
const MSG_TYPES_NEEDING_REFERENCES = new Set(['Update', 'Cancel', 'Ack', 'Error']);

export function writeCap(alert: CapAlert): string {
  checkAlert(alert);
  // XML 1.0 cannot carry most C0 control characters at all; dropping them is
  // the only way to publish text an operator pasted with a stray one.
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' });
  const root = doc.ele(CAP_12_NAMESPACE, 'alert');
  writeAlertHeader(root, alert);
  alert.infos.forEach((info, i) => writeInfo(root.ele('info'), info, `alert/info[${i + 1}]`));
  return doc.end({ prettyPrint: true });
}

function checkAlert(alert: CapAlert): void {
  for (const key of ['identifier', 'sender'] as const) {
    const problem = identifierProblem(alert[key]);
    if (problem) throw new CapWriteError(`alert/${key}`, problem);
  }
  if (alert.scope === 'Private' && !alert.addresses?.length) {
    throw new CapWriteError('alert/addresses', 'required when scope is Private');
  }
  if (alert.scope === 'Restricted' && !alert.restriction) {
    throw new CapWriteError('alert/restriction', 'required when scope is Restricted');
  }
  if (MSG_TYPES_NEEDING_REFERENCES.has(alert.msgType) && !alert.references?.length) {
    throw new CapWriteError('alert/references', `required when msgType is ${alert.msgType}`);
  }
  alert.references?.forEach((ref, i) => {
    for (const key of ['sender', 'identifier'] as const) {
      const problem = identifierProblem(ref[key]);
      if (problem) throw new CapWriteError(`alert/references[${i + 1}]/${key}`, problem);
    }
  });
}

function writeAlertHeader(root: XMLBuilder, alert: CapAlert): void {
  text(root, 'identifier', alert.identifier);
  text(root, 'sender', alert.sender);
  text(root, 'sent', dateTime(alert.sent, 'alert/sent'));
  text(root, 'status', alert.status);
  text(root, 'msgType', alert.msgType);
  text(root, 'scope', alert.scope);
  optionalText(root, 'restriction', alert.restriction);
  if (alert.addresses?.length) text(root, 'addresses', formatSpaceList(alert.addresses));
  optionalText(root, 'note', alert.note);
  if (alert.references?.length) text(root, 'references', formatReferencesAt(alert));
  if (alert.incidents?.length) text(root, 'incidents', formatSpaceList(alert.incidents));
}

function formatReferencesAt(alert: CapAlert): string {
  alert.references?.forEach((ref, i) => dateTime(ref.sent, `alert/references[${i + 1}]/sent`));
  return formatReferences(alert.references ?? []);
}

function writeInfo(el: XMLBuilder, info: CapInfo, path: string): void {
  if (info.category.length === 0) throw new CapWriteError(`${path}/category`, 'at least one category is required');
  if (info.event.trim() === '') throw new CapWriteError(`${path}/event`, 'must not be empty');
  text(el, 'language', info.language);
  info.category.forEach((c) => text(el, 'category', c));
  text(el, 'event', info.event);
  info.responseType?.forEach((r) => text(el, 'responseType', r));
  text(el, 'urgency', info.urgency);
  text(el, 'severity', info.severity);
  text(el, 'certainty', info.certainty);
  for (const key of ['effective', 'onset', 'expires'] as const) {
    const value = info[key];
    if (value) text(el, key, dateTime(value, `${path}/${key}`));
  }
  for (const key of ['senderName', 'headline', 'description', 'instruction', 'web', 'contact'] as const) {
    optionalText(el, key, info[key]);
  }
  info.parameters?.forEach((p) => valuePair(el.ele('parameter'), p));
  info.areas.forEach((area, i) => writeArea(el.ele('area'), area, `${path}/area[${i + 1}]`));
}

function writeArea(el: XMLBuilder, area: CapArea, path: string): void {
  if (area.areaDesc.trim() === '') throw new CapWriteError(`${path}/areaDesc`, 'must not be empty');
  text(el, 'areaDesc', area.areaDesc);
  area.polygons?.forEach((ring, i) => {
    const problem = ringProblem(ring);
    if (problem) throw new CapWriteError(`${path}/polygon[${i + 1}]`, problem);
    text(el, 'polygon', formatPolygon(ring));
  });
  area.circles?.forEach((circle, i) => {
    const problem = circleProblem(circle);
    if (problem) throw new CapWriteError(`${path}/circle[${i + 1}]`, problem);
    text(el, 'circle', formatCircle(circle));
  });
  area.geocodes?.forEach((g, i) => {
    const problem = isoGeocodeProblem(g.valueName, g.value);
    if (problem) throw new CapWriteError(`${path}/geocode[${i + 1}]`, problem);
    valuePair(el.ele('geocode'), g);
  });
}

function valuePair(el: XMLBuilder, pair: CapValuePair): void {
  text(el, 'valueName', pair.valueName);
  text(el, 'value', pair.value);
}

function dateTime(date: Date, path: string): string {
  try {
    return capDateTime(date);
  } catch (err) {
    throw new CapWriteError(path, (err as Error).message);
  }
}

function text(parent: XMLBuilder, name: string, value: string): void {
  parent.ele(name).txt(value);
}

function optionalText(parent: XMLBuilder, name: string, value: string | undefined): void {
  if (value !== undefined && value !== '') text(parent, name, value);
}
