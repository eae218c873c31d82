import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The migrated template every test database is copied from. Its name carries a hash of the
 * migrations, so that a changed migration gets a fresh template and runs that overlap (two
 * developers, or a developer and CI) never rebuild a template another run is copying.
 */
export function templateDatabaseName(): string {
  const dir = join(__dirname, '..', '..', 'migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.ts')) hash.update(file).update(readFileSync(join(dir, file)));
  }
  return `corridor_tpl_${hash.digest('hex').slice(0, 12)}`;
}
