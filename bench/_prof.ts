import { protectTable } from '../src/stats/disclosure/protect';
import { highsSolver } from '../src/stats/disclosure/highs-solver';
import { generatedTable, seededRandom } from '../test/stats/table-generator';
async function main() {
  const highs = await highsSolver();
  const orig = highs.solve.bind(highs);
  let n = 0, t = 0, milp = 0;
  (highs as any).solve = (m: string, o: any) => { const s = performance.now(); const r = orig(m, o); const d = performance.now() - s; t += d; n++; console.log(m.includes("Binary") ? "milp" : "lp", m.length, d.toFixed(0), r.Status); if (m.includes('Binary')) milp++; return r; };
  const random = seededRandom(24_12);
  const { cells, equations } = generatedTable([24, 12], () => { const r = random(); return r < 0.15 ? 1 + Math.floor(random() * 4) : 5 + Math.floor(random() * 60); });
  const s = performance.now();
  const res = await protectTable(cells, equations, [], { threshold: 5, roundingBase: 5, timeLimitMs: 5000 });
  console.log('total', performance.now() - s, 'solves', n, 'milp', milp, 'solve ms', t, 'suppressed', res.cells.filter(c => c.suppressed).length);
}
main();
