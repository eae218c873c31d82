import { UUID } from '../common/patterns';
import { Injectable } from '@nestjs/common';
import { CommonErrorCode, commonError } from '../common/errors';
import {
  KeyPair,
  isCryptoError,
  keyPairFromPrivateKey,
  openKeySlotChecked,
  unwrapForSession,
  wipe,
} from '../crypto';
import { KeysService } from './keys.service';
import { SessionStore, sessionKeyBinding } from '../sessions/session-store';
import { Permission } from '../access/permissions';
import { Principal } from '../access/principal';
import { sessionTokenOf } from '../access/session-credentials';

/**
 * The one way to case content: access to a case is a key slot. For a caller without a slot for a
 * case — or with a slot that does not open — every answer is the same 404 NOT_FOUND, whether the
 * case exists or not.
 *
 * The caller's unwrapped private key exists only inside these methods: it is unwrapped from the
 * session with the request's token on demand and wiped before they return.
 */
@Injectable()
export class CaseAccessService {
  constructor(
    private readonly slots: KeysService,
    private readonly sessions: SessionStore,
  ) {}

  /** Throws 404 unless the caller holds a key slot for `caseId`. */
  async assertReadable(principal: Principal, caseId: string): Promise<void> {
    const readable = await this.readableCaseIds(principal, [caseId]);
    if (!readable.has(caseId)) throw notFound();
  }

  /** The ids among `caseIds` the caller holds a slot for; missing and foreign ids are left out alike. */
  async readableCaseIds(principal: Principal, caseIds: string[]): Promise<Set<string>> {
    if (!isFullSession(principal)) return new Set();
    const wellFormed = caseIds.filter((id) => UUID.test(id));
    return this.slots.readableKeyIds(principal.userId, wellFormed);
  }

  /**
   * Opens the caller's key slot for `caseId` and returns the case key pair. The caller owns the
   * returned private key and must `wipe()` it; prefer `withCaseKeyPair`, which does.
   * The slot must open to the case's stored public key (looked up unless `expectedPublicKey` is
   * given), so that a forged slot cannot substitute a key its forger knows.
   */
  async openCaseKeyPair(
    principal: Principal,
    caseId: string,
    expectedPublicKey?: Uint8Array,
  ): Promise<KeyPair> {
    const token = sessionTokenOf(principal);
    if (!token || !isFullSession(principal) || !UUID.test(caseId)) throw notFound();
    const slot = await this.slots.userSlot(caseId, principal.userId);
    if (!slot) throw notFound();
    const casePublicKey = expectedPublicKey ?? (await this.slots.publicKeyOf(caseId));
    if (!casePublicKey) throw notFound();
    const wrapped = await this.sessions.wrappedKey(principal.sessionId);
    if (!wrapped) throw notFound();
    let userPrivateKey: Uint8Array | undefined;
    let userKeys: KeyPair | undefined;
    try {
      userPrivateKey = unwrapForSession(token, wrapped, sessionKeyBinding(principal.userId));
      userKeys = keyPairFromPrivateKey(userPrivateKey);
      return openKeySlotChecked(new Uint8Array(slot.sealedKey), userKeys, caseId, casePublicKey);
    } catch (error) {
      // A slot sealed to an older key pair (after an admin password reset, before recovery).
      if (isCryptoError(error)) throw notFound();
      throw error;
    } finally {
      wipe(userPrivateKey, userKeys?.privateKey, wrapped);
    }
  }

  /** Runs `work` with the case key pair and wipes the private key afterwards. */
  async withCaseKeyPair<T>(
    principal: Principal,
    caseId: string,
    work: (caseKeys: KeyPair) => Promise<T> | T,
    expectedPublicKey?: Uint8Array,
  ): Promise<T> {
    const caseKeys = await this.openCaseKeyPair(principal, caseId, expectedPublicKey);
    try {
      return await work(caseKeys);
    } finally {
      wipe(caseKeys.privateKey);
    }
  }
}

/** A session restricted to TOTP enrolment never reaches key material. */
function isFullSession(principal: Principal): boolean {
  return principal.permissions.has(Permission.SESSION_SELF);
}

function notFound() {
  return commonError(CommonErrorCode.NOT_FOUND);
}
