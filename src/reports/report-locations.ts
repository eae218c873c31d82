import type { ContentLocation } from '../crypto';

/*
 * Where report content lives, as bound into each envelope's associated data. A browser sealing a
 * report (sealed mode) computes the same locations, which is why the report id is chosen by the
 * client there: it is part of every binding.
 */
export const ANSWER_PURPOSE = 'report-answer';
export const MESSAGE_PURPOSE = 'report-message';
export const ITEMS_TABLE = 'report_items';
export const ITEMS_COLUMN = 'envelope';

export function answerLocation(reportId: string, fieldKey: string): ContentLocation {
  return {
    purpose: ANSWER_PURPOSE,
    table: ITEMS_TABLE,
    column: ITEMS_COLUMN,
    rowId: `${reportId}:${fieldKey}`,
  };
}

export function messageLocation(reportId: string, itemKey: string): ContentLocation {
  return {
    purpose: MESSAGE_PURPOSE,
    table: ITEMS_TABLE,
    column: ITEMS_COLUMN,
    rowId: `${reportId}:${itemKey}`,
  };
}

/** Message item keys sort in thread order: m000001, m000002, … */
export function messageItemKey(seq: number): string {
  return `m${String(seq).padStart(6, '0')}`;
}
