import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const FLAGS: string[] = require('../../scripts/service-node-flags.js');

/** Every way of starting a service process uses the V8 flags of scripts/service-node-flags.js. */
describe('service V8 flags', () => {
  it('bound the heap', () => {
    expect(FLAGS).toEqual(expect.arrayContaining([expect.stringMatching(/^--max-old-space-size=\d+$/)]));
  });

  it('are in every npm start script', () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<
      string,
      string
    >;
    for (const name of ['start', 'start:api', 'start:worker']) {
      expect(scripts[name]).toContain(`node ${FLAGS.join(' ')} dist/src/`);
    }
    // `nest start --watch` runs dist/src/main.js with the node command given to --exec.
    expect(scripts['start:dev']).toContain(`--exec "node ${FLAGS.join(' ')}"`);
  });

  it('are in the Dockerfile and in docker-compose.yml', () => {
    const quoted = (quote: string) => FLAGS.map((f) => `${quote}${f}${quote}`).join(', ');
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toContain(
      `["node", ${quoted('"')}, "dist/src/main.js"]`,
    );
    expect(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')).toContain(
      `['node', ${quoted("'")}, 'dist/src/worker.js']`,
    );
  });
});
