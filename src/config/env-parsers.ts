import { z } from 'zod';

/** An integer read from an environment string, within bounds. */
export const integer = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number().int().min(min).max(max),
  );

/** `true/false/1/0/yes/no` as a boolean; anything else is an error, never a silent false. */
export const booleanFlag = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off'].includes(s)) return false;
  return v;
}, z.boolean());

/** A comma-separated list, each item checked by `item`. */
export const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item),
  );

const ADDRESS_OR_CIDR = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]+)(?:\/\d{1,3})?$/;

/**
 * Which reverse proxies to believe about the client address (`X-Forwarded-For`): `false`/`0` none,
 * a number of hops, or a comma-separated list of proxy addresses or CIDR ranges. Plain `true` is
 * refused: trusting every hop lets any client write its own address and escape per-address limits.
 */
export const trustProxy = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const s = v.trim().toLowerCase();
    if (s === 'false' || s === '0' || s === '') return false;
    if (/^\d+$/.test(s)) return Number(s);
    return s.split(',').map((p) => p.trim());
  },
  z.union([
    z.literal(false),
    z.number().int().min(1).max(10),
    z.array(z.string().regex(ADDRESS_OR_CIDR, 'must be proxy addresses or CIDR ranges')).min(1),
  ]),
);
