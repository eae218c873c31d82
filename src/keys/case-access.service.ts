import { UUID } from '../common/patterns';
import { Injectable } from '@nestjs/common';
import { CommonErrorCode, commonError } from '../common/errors';
import { KeyPair, equalBytes, isCryptoError, keyPairFromPrivateKey, unwrapForSession, wipe } from '../crypto';
import { HolderKeyring } from './holder-keyring';
import { SlotChain, openFirstChain } from './key-chain';
import { KeysService } from './keys.service';
import { SessionStore, sessionKeyBinding } from '../sessions/session-store';
import { Permission } from '../access/permissions';
import { Principal } from '../access/principal';
import { sessionTokenOf } from '../access/session-credentials';

/**
 * The one way to case content: access to a case is a chain of key slots from the caller to its key
 * (their own slot, or one of a team or case key holding it). For a caller without a chain — or with
 * one that does not open — every answer is the same 404 NOT_FOUND, whether the case exists or not.
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

  /**
   * For a fast path that checks the chain inside its own statement (key-chain.ts `slotChainsCtes`,
   * as the case transition does): the user whose slots the chain must end in. A caller without a
   * full session, or an id that is not one, gets the 404 of a missing case before any query.
   */
  chainHolderFor(principal: Principal, caseId: string): string {
    if (!isFullSession(principal) || !UUID.test(caseId)) throw notFound();
    return principal.userId;
  }

  /** The ids among `caseIds` the caller reaches by a chain of slots (one query); missing and foreign ids are left out alike. */
  async readableCaseIds(principal: Principal, caseIds: string[]): Promise<Set<string>> {
    if (!isFullSession(principal)) return new Set();
    const wellFormed = caseIds.filter((id) => UUID.test(id));
    return this.slots.readableKeyIds(principal.userId, wellFormed);
  }

  /**
   * Opens the key `caseId` (a case's or a report's) through the caller's chain of slots — their own
   * slot of it, or of a team or case key that holds it (see KeysService.openChain) — and returns its
   * key pair. The caller owns the returned private key and must `wipe()` it; prefer
   * `withCaseKeyPair`, which does. Every hop must open to the stored public key of the key it
   * yields, so that a forged slot cannot substitute a key its forger knows; `expectedPublicKey`,
   * when given, must match too.
   */
  async openCaseKeyPair(
    principal: Principal,
    caseId: string,
    expectedPublicKey?: Uint8Array,
  ): Promise<KeyPair> {
    if (!UUID.test(caseId)) throw notFound();
    return this.openWith(principal, expectedPublicKey, (userKeys) =>
      this.slots.openChain(principal.userId, userKeys, caseId),
    );
  }

  /**
   * As `openCaseKeyPair`, through `chains` the caller has already read (a fast path that reads
   * the chain in its own statement, see key-chain.ts `slotChainsCtes`): the same checks, without
   * the query. The caller owns the returned private key and must `wipe()` it.
   */
  openThroughChains(
    principal: Principal,
    chains: SlotChain[],
    expectedPublicKey: Uint8Array,
  ): Promise<KeyPair> {
    return this.openWith(principal, expectedPublicKey, (userKeys) => openFirstChain(chains, userKeys));
  }

  private async openWith(
    principal: Principal,
    expectedPublicKey: Uint8Array | undefined,
    open: (userKeys: KeyPair) => Promise<KeyPair | null> | KeyPair | null,
  ): Promise<KeyPair> {
    const token = sessionTokenOf(principal);
    if (!token || !isFullSession(principal)) throw notFound();
    const wrapped = await this.sessions.wrappedKey(principal.sessionId);
    if (!wrapped) throw notFound();
    let userPrivateKey: Uint8Array | undefined;
    let userKeys: KeyPair | undefined;
    let opened: KeyPair | null = null;
    try {
      userPrivateKey = unwrapForSession(token, wrapped, sessionKeyBinding(principal.userId));
      userKeys = keyPairFromPrivateKey(userPrivateKey);
      opened = await open(userKeys);
    } catch (error) {
      if (isCryptoError(error)) throw notFound();
      throw error;
    } finally {
      wipe(userPrivateKey, userKeys?.privateKey, wrapped);
    }
    if (!opened) throw notFound();
    if (expectedPublicKey && !equalBytes(opened.publicKey, expectedPublicKey)) {
      wipe(opened.privateKey);
      throw notFound();
    }
    return opened;
  }

  /**
   * Runs `work` with the caller's keyring: their own key pair and each of `holderKeyIds` (team keys,
   * current and retired) that they reach by a chain of slots, opened once; everything is wiped
   * afterwards. For pages of cases: one unwrap and a chain per team key instead of one per case.
   * A session that cannot unwrap its key, or a caller without a full session, gets 404.
   */
  async withKeyring<T>(
    principal: Principal,
    holderKeyIds: string[],
    work: (keyring: HolderKeyring) => Promise<T> | T,
  ): Promise<T> {
    const token = sessionTokenOf(principal);
    if (!token || !isFullSession(principal)) throw notFound();
    const wrapped = await this.sessions.wrappedKey(principal.sessionId);
    if (!wrapped) throw notFound();
    let userPrivateKey: Uint8Array | undefined;
    const held = new Map<string, KeyPair>();
    let keyring: HolderKeyring | undefined;
    try {
      userPrivateKey = unwrapForSession(token, wrapped, sessionKeyBinding(principal.userId));
      const userKeys = keyPairFromPrivateKey(userPrivateKey);
      keyring = new HolderKeyring(principal.userId, userKeys, held);
      for (const keyId of await this.slots.readableKeyIds(principal.userId, holderKeyIds)) {
        const opened = await this.slots.openChain(principal.userId, userKeys, keyId);
        if (opened) held.set(keyId, opened);
      }
      return await work(keyring);
    } catch (error) {
      if (isCryptoError(error)) throw notFound();
      throw error;
    } finally {
      keyring?.wipe();
      wipe(userPrivateKey, wrapped);
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
