import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Public, RequirePermission } from '../../src/access/decorators';
import { Permission } from '../../src/access/permissions';

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
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
