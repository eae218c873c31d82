import type { NotificationEndpoint } from '../config/sections/notifications.section';
import { NOTIFY_SIGNATURE_HEADER, NOTIFY_TIMESTAMP_HEADER, signNotification } from './notification-signature';

/** Why a delivery failed, as a fixed code: BullMQ keeps the message in Redis, so no URL, no detail. */
export type DeliveryFailure = 'timeout' | 'unreachable' | 'status';

export class NotificationDeliveryError extends Error {
  constructor(
    readonly failure: DeliveryFailure,
    readonly status?: number,
  ) {
    super(failure === 'status' ? `receiver answered ${status}` : `receiver ${failure}`);
    this.name = 'NotificationDeliveryError';
  }
}

/**
 * POSTs one signed body to one endpoint. Only a 2xx answer counts as delivered; redirects are not
 * followed (the body and signature would go to a host nobody configured). The whole exchange,
 * body included, is cut after `timeoutMs`.
 */
export async function sendWebhook(
  endpoint: NotificationEndpoint,
  body: string,
  timeoutMs: number,
  now: () => number = Date.now,
): Promise<number> {
  const timestamp = String(Math.floor(now() / 1000));
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      redirect: 'manual',
      signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Corridor-Notifications',
        [NOTIFY_TIMESTAMP_HEADER]: timestamp,
        [NOTIFY_SIGNATURE_HEADER]: signNotification(endpoint.secret, timestamp, body),
      },
      body,
    });
    // Drain (and discard) the answer, so the connection can be reused; it is never read.
    await response.arrayBuffer();
  } catch {
    throw new NotificationDeliveryError(signal.aborted ? 'timeout' : 'unreachable');
  }
  if (response.status < 200 || response.status > 299)
    throw new NotificationDeliveryError('status', response.status);
  return response.status;
}
