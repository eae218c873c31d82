import { Controller, Get, Module, Post } from '@nestjs/common';
import { z } from 'zod';
import { Public, RequirePermission } from '../../src/access/decorators';
import { Permission } from '../../src/access/permissions';
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
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
