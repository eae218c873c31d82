import { AuditAction } from './audit-action';
import { canonicalJson } from './audit-canonical';
import { ACTOR_ID, AUDIT_DETAILS_SCHEMAS, TARGET_ID, TARGET_TYPE } from './audit-details';
import { NewAuditEntry } from './audit-entry.repository';
import { AuditEvent } from './audit-event';
import { AuditErrorCode, auditError } from './audit.errors';

const KNOWN_ACTIONS = new Set<string>(Object.values(AuditAction));

/**
 * Checks an event against its action's fixed details shape and turns it into the row to insert,
 * with details as canonical JSON. Throws on any mismatch: a wrong event is a coding error, and
 * refusing it also aborts the caller's transaction, so the action does not commit unaudited.
 * The error names the action and the offending keys, never a value.
 */
export function buildAuditEntry(event: AuditEvent): NewAuditEntry {
  const fail = (fields: string[]) =>
    auditError(AuditErrorCode.AUDIT_EVENT_INVALID, { action: String(event.action).slice(0, 64), fields });
  if (!KNOWN_ACTIONS.has(event.action)) throw fail(['action']);
  const parsed = AUDIT_DETAILS_SCHEMAS[event.action].safeParse(event.details ?? {});
  if (!parsed.success) {
    throw fail(
      parsed.error.issues.flatMap((i) => [
        ...(i.path.length ? [i.path.join('.')] : []),
        ...('keys' in i && Array.isArray(i.keys) ? i.keys.map(String) : []),
      ]),
    );
  }
  const actorId = 'id' in event.actor ? event.actor.id : null;
  const bad = [
    ...(['user', 'system', 'reporter', 'intake', 'rule'].includes(event.actor.type) ? [] : ['actor.type']),
    ...(actorId !== null && !ACTOR_ID.safeParse(actorId).success ? ['actor.id'] : []),
    ...(event.targetType !== undefined && !TARGET_TYPE.safeParse(event.targetType).success
      ? ['targetType']
      : []),
    ...(event.targetId !== undefined && !TARGET_ID.safeParse(event.targetId).success ? ['targetId'] : []),
  ];
  if (bad.length) throw fail(bad);
  return {
    actorType: event.actor.type,
    actorId,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    details: canonicalJson(parsed.data),
  };
}
