import { Controller, Get, Module, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, Public, RequirePermission } from '../../src/access/decorators';
import { Permission } from '../../src/access/permissions';
import type { Principal } from '../../src/access/principal';
import { ZodBody } from '../../src/common/http/zod-body';

const echoSchema = z.strictObject({
  name: z.string().max(100),
  count: z.number().int().min(0).max(10),
});
type EchoBody = z.infer<typeof echoSchema>;

/** Routes that exist only in tests, to exercise the guard, the error filter and the logger. */
@Controller('probe')
export class ProbeController {
  @Get('undeclared')
  undeclared() {
    return { reached: true };
  }

  @Public()
  @Get('public')
  open() {
    return { reached: true };
  }

  @Public()
  @Post('echo')
  echo(@ZodBody(echoSchema) body: EchoBody) {
    return { name: body.name.length, count: body.count };
  }

  @Public()
  @Get('boom')
  boom(): never {
    throw new Error('internal detail: canary-boom-7f3a');
  }

  @RequirePermission(Permission.AUDIT_READ)
  @Get('audit-only')
  auditOnly() {
    return { reached: true };
  }

  /** Two permissions: the caller must hold both. */
  @RequirePermission(Permission.AUDIT_READ, Permission.STATS_READ)
  @Get('audit-and-stats')
  auditAndStats() {
    return { reached: true };
  }

  /** A declaration that names no permission: as good as none, so denied. */
  @RequirePermission()
  @Get('empty-declaration')
  emptyDeclaration() {
    return { reached: true };
  }

  @RequirePermission(Permission.SESSION_SELF)
  @Get('whoami')
  whoami(@CurrentPrincipal() principal: Principal) {
    return { userId: principal.userId };
  }

  /** A public route that (wrongly) asks for the caller: no principal was established. */
  @Public()
  @Get('public-whoami')
  publicWhoami(@CurrentPrincipal() principal: Principal) {
    return { userId: principal.userId };
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
