/*
 * Text clean-up shared by the normalisers of receipts and blind-index values. Plain loops and
 * simple character classes only (no lookbehind, no \p{…}): the browser bundle must parse on old
 * Safari and on cheap phones' WebViews.
 */

/**
 * Invisible formatting characters that copy-paste and some keyboards insert (a phone number
 * copied from a messenger often arrives wrapped in U+202A … U+202C) and that change the bytes,
 * not what a person sees:
 *   U+200B–U+200F  zero-width space / non-joiner / joiner, LRM, RLM
 *   U+202A–U+202E  bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO)
 *   U+2060         word joiner
 *   U+2066–U+2069  bidi isolates (LRI, RLI, FSI, PDI)
 *   U+061C         Arabic letter mark
 *   U+FEFF         zero-width no-break space / byte-order mark
 */
const INVISIBLE_RE = /[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\u061C\uFEFF]/g;

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE_RE, '');
}

/**
 * Maps the decimal digits people type on other keyboards to ASCII '0'–'9':
 *   U+0660–U+0669  Arabic-Indic (Eastern Arabic) digits  ٠١٢٣٤٥٦٧٨٩
 *   U+06F0–U+06F9  Extended Arabic-Indic (Persian/Urdu) digits  ۰۱۲۳۴۵۶۷۸۹
 *   U+FF10–U+FF19  full-width digits  ０１２３４５６７８９
 * Every other character is left as it is.
 */
export function toAsciiDigits(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x0660 && c <= 0x0669) out += String.fromCharCode(0x30 + c - 0x0660);
    else if (c >= 0x06f0 && c <= 0x06f9) out += String.fromCharCode(0x30 + c - 0x06f0);
    else if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(0x30 + c - 0xff10);
    else out += text[i];
  }
  return out;
}
