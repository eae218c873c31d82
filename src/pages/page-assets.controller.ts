import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/decorators';

/** The page's own files: its style sheet and script, read once (no third-party asset anywhere). */
const ASSETS: Record<string, { file: string; type: string }> = {
  'page.css': { file: join(__dirname, 'assets', 'page.css'), type: 'text/css; charset=utf-8' },
  'page.js': { file: join(__dirname, 'assets', 'page.js'), type: 'text/javascript; charset=utf-8' },
};
const loaded = new Map<string, Buffer>();

/** The repository (or image) root: the nearest directory above with a package.json. */
function rootDirectory(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
/** The browser crypto bundle, built by `npm run build` (scripts/build-crypto-bundle.js). */
ASSETS['corridor-crypto.js'] = {
  file: join(rootDirectory(), 'public', 'corridor-crypto.js'),
  type: 'text/javascript; charset=utf-8',
};

@ApiExcludeController()
@Controller('f/_')
export class PageAssetsController {
  @Public()
  @Get(':asset')
  asset(@Param('asset') name: string, @Res() reply: FastifyReply) {
    const asset = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) return void reply.status(404).type('text/plain; charset=utf-8').send('Not found');
    let bytes = loaded.get(name);
    if (!bytes) {
      if (!existsSync(asset.file))
        return void reply.status(404).type('text/plain; charset=utf-8').send('Not found');
      bytes = readFileSync(asset.file);
      loaded.set(name, bytes);
    }
    void reply.type(asset.type).send(bytes);
  }
}
