import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { CurrentPrincipal, Public, RequirePermission } from '../../src/access/decorators';
import { Permission } from '../../src/access/permissions';
import type { Principal } from '../../src/access/principal';

class EchoDto {
  @IsString()
  @MaxLength(100)
  name: string;

  @IsInt()
  @Min(0)
  @Max(10)
  count: number;
}

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
  echo(@Body() body: EchoDto) {
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
