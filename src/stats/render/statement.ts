import { publishedAnswer, type StatsAnswer, type StatsCell, type StatsDimension } from '../stats-answer';
import { cellsAlong, TIME_DIMENSIONS, valueOf } from './answer-cells';
import { formatCount, rangePhrase, type StatsLanguage } from './language';
import { BREAKDOWN_PHRASES, SUBJECT_PHRASES } from './phrases';
import { StatsRenderErrorCode, statsRenderError } from './render.errors';

/** At most this many parts of the total are named, largest first: a sentence, not a table. */
const MAX_PARTS = 3;

/**
 * What a sentence may say about one protected cell: its published figure ("around" when it was
 * rounded or noised), "fewer than N" for a primary suppression (true by construction), or
 * nothing for a cell suppressed to protect another — its count may be any size, so "fewer than
 * N" would be false and a number would undo the protection.
 */
type Figure =
  | { readonly kind: 'exact' | 'around'; readonly count: number }
  | { readonly kind: 'fewer'; readonly count: number }
  | { readonly kind: 'withheld' };

function figureOf(cell: StatsCell, answer: StatsAnswer): Figure {
  if (cell.suppressed)
    return cell.reason === 'primary'
      ? { kind: 'fewer', count: answer.protection.threshold }
      : { kind: 'withheld' };
  // A published zero is a zero ("no reports"), never "around 0".
  const approximate =
    cell.count > 0 && (answer.protection.roundingBase > 1 || answer.protection.method === 'noise');
  return { kind: approximate ? 'around' : 'exact', count: cell.count };
}

type Stated = Exclude<Figure, { kind: 'withheld' }>;

/** "around 40 people were evacuated" and its parts' "around 130 of them" in English. */
function english(answer: StatsAnswer, total: Stated, parts: readonly [Stated, string][]): string {
  const phrases = SUBJECT_PHRASES[answer.subject].en;
  const plural = new Intl.PluralRules('en');
  const singular = total.kind === 'exact' && plural.select(total.count) === 'one';
  const amount = (figure: Stated) =>
    figure.kind === 'fewer'
      ? `fewer than ${formatCount(figure.count, 'en')}`
      : figure.kind === 'around'
        ? `around ${formatCount(figure.count, 'en')}`
        : figure.count === 0
          ? 'no'
          : formatCount(figure.count, 'en');
  const head = `${amount(total)} ${singular ? phrases.noun.one : phrases.noun.other} ${
    singular ? phrases.verb.one : phrases.verb.other
  } ${rangePhrase(answer.from, answer.to, 'en')}`;
  const named = parts.map(
    ([figure, phrase], index) => `${amount(figure)}${index === 0 ? ' of them' : ''} ${phrase}`,
  );
  return sentence([head, ...(named.length ? [new Intl.ListFormat('en').format(named)] : [])].join(', '));
}

/** "около 40 человек было эвакуировано …, из них около 130 — за рубеж" in Russian. */
function russian(answer: StatsAnswer, total: Stated, parts: readonly [Stated, string][]): string {
  const phrases = SUBJECT_PHRASES[answer.subject].ru;
  const plural = new Intl.PluralRules('ru');
  const isOne = (count: number) => plural.select(count) === 'one';
  const amount = (figure: Stated) =>
    figure.kind === 'fewer'
      ? `менее ${formatCount(figure.count, 'ru')}`
      : figure.kind === 'around'
        ? `около ${formatCount(figure.count, 'ru')}`
        : formatCount(figure.count, 'ru');
  let noun: string;
  if (total.kind === 'exact') {
    const category = plural.select(total.count) as 'one' | 'few' | 'many';
    noun = phrases.nominative[category] ?? phrases.nominative.many;
  } else noun = isOne(total.count) ? phrases.genitive.one : phrases.genitive.other;
  const verb = total.kind === 'exact' && isOne(total.count) ? phrases.verb.agreeing : phrases.verb.quantity;
  const head = `${amount(total)} ${noun} ${verb} ${rangePhrase(answer.from, answer.to, 'ru')}`;
  const named = parts.map(([figure, phrase]) => `${amount(figure)} — ${phrase}`);
  return sentence(
    [head, ...(named.length ? [`из них ${new Intl.ListFormat('ru').format(named)}`] : [])].join(', '),
  );
}

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

/**
 * The one dimension (besides time, which the range already says) a statement breaks down by.
 * Depends on the query only: a route checks it before the query runs (no release for nothing).
 */
export function statementBreakdown(groupBy: readonly StatsDimension[]): StatsDimension | undefined {
  const others = groupBy.filter((dimension) => !TIME_DIMENSIONS.includes(dimension));
  if (others.length > 1 || (others.length === 1 && !BREAKDOWN_PHRASES[others[0]]))
    throw statsRenderError(StatsRenderErrorCode.STATS_STATEMENT_UNSUPPORTED_BREAKDOWN, {
      dimensions: others,
    });
  return others[0];
}

/** Ordered so that the statement names the largest published parts, then "fewer than N" ones. */
const rank = (figure: Stated) => (figure.kind === 'fewer' ? -1 : figure.count);

/**
 * An advocacy sentence from a protected answer, in the organisation's style: "Around 150 people
 * were evacuated between December 2018 and January 2019, around 130 of them abroad." The total
 * (every dimension a margin) leads; with a breakdown dimension, its largest parts follow. Parts
 * suppressed to protect another figure, and parts of zero, are left out (the sentence stays true: it names some of
 * the parts, never all); a total suppressed that way cannot be told at all.
 */
export function renderStatement(answer: StatsAnswer, language: StatsLanguage): string {
  const dimension = statementBreakdown(answer.groupBy);
  const [totalCell] = cellsAlong(answer, []);
  if (!totalCell) throw statsRenderError(StatsRenderErrorCode.STATS_STATEMENT_NO_TOTAL);
  const total = figureOf(totalCell, answer);
  if (total.kind === 'withheld') throw statsRenderError(StatsRenderErrorCode.STATS_STATEMENT_TOTAL_WITHHELD);
  const parts: [Stated, string][] = [];
  if (dimension) {
    const describe = BREAKDOWN_PHRASES[dimension]!;
    for (const cell of cellsAlong(answer, [dimension])) {
      const figure = figureOf(cell, answer);
      const phrase = describe(valueOf(cell, dimension))?.[language];
      const nothing = figure.kind === 'withheld' || (figure.kind !== 'fewer' && figure.count === 0);
      if (!nothing && phrase) parts.push([figure, phrase]);
    }
    parts.sort(([a], [b]) => rank(b) - rank(a));
  }
  const named = parts.slice(0, MAX_PARTS);
  return language === 'en' ? english(answer, total, named) : russian(answer, total, named);
}

/**
 * The statement route's body: the sentence and the protected answer it was built from (its
 * rounded figures and how they were protected), so the sentence can be checked against them.
 */
export const statementResponse = (answer: StatsAnswer, language: StatsLanguage) => ({
  statement: renderStatement(answer, language),
  language,
  ...publishedAnswer(answer),
});
