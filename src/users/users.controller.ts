import { Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { ApiZodResponse, ZodBody } from '../common/http/zod-body';
import { UserView, userViewSchema } from './user-view';
import {
  CreateUserBody,
  ResetPasswordBody,
  UpdateUserBody,
  createUserSchema,
  resetPasswordSchema,
  updateUserSchema,
} from './users.schemas';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@RequirePermission(Permission.USERS_MANAGE)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiZodResponse(201, userViewSchema)
  create(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(createUserSchema) body: CreateUserBody,
  ): Promise<UserView> {
    return this.users.create({ type: 'user', id: principal.userId }, body);
  }

  @Get()
  @ApiZodResponse(200, z.array(userViewSchema))
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @Patch(':id')
  @ApiZodResponse(200, userViewSchema)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @ZodBody(updateUserSchema) body: UpdateUserBody,
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
  @ApiZodResponse(200, userViewSchema)
  resetPassword(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @ZodBody(resetPasswordSchema) body: ResetPasswordBody,
  ): Promise<UserView> {
    return this.users.resetPassword(principal.userId, id, body.password);
  }
}
