import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto } from './dto/users.dto';
import { UserView } from './user-view';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@RequirePermission(Permission.USERS_MANAGE)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiResponse({ status: 201, type: UserView })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create({ type: 'user', id: principal.userId }, body);
  }

  @Get()
  @ApiResponse({ status: 200, type: UserView, isArray: true })
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @Patch(':id')
  @ApiResponse({ status: 200, type: UserView })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserView> {
    return this.users.update(principal.userId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.users.remove(principal.userId, id);
  }

  /** Not in the first API contract: an admin sets a new password (and so a new key pair). */
  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: UserView })
  resetPassword(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: ResetPasswordDto,
  ): Promise<UserView> {
    return this.users.resetPassword(principal.userId, id, body.password);
  }
}
