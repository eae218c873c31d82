import type { ContentLocation } from '../crypto';

/** The contact details of a partner: `partners.contact`, row = the partner id (SECURITY.md). */
export function partnerContactLocation(partnerId: string): ContentLocation {
  return { purpose: 'partner-contact', table: 'partners', column: 'contact', rowId: partnerId };
}
