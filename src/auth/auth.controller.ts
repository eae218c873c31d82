import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, Public, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { Clock } from '../access/clock';
import { sourceAddressOf } from '../access/source-address';
import { toUserView } from '../users/user-view';
import { AccountService } from './account.service';
import { ApiZodResponse, ZodBody } from '../common/http/zod-body';
import {
  ChangePasswordBody,
  LoginBody,
  LoginResponse,
  SessionUserView,
  TotpEnrolResponse,
  TotpConfirmBody,
  changePasswordSchema,
  loginResponseSchema,
  loginSchema,
  sessionUserViewSchema,
  totpConfirmSchema,
  totpEnrolResponseSchema,
} from './auth.schemas';
import { SignInService } from './sign-in.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    private readonly account: AccountService,
    private readonly clock: Clock,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiZodResponse(200, loginResponseSchema)
  @ApiResponse({ status: 401, description: 'LOGIN_FAILED, for every kind of failure.' })
  async login(@ZodBody(loginSchema) body: LoginBody, @Req() request: FastifyRequest): Promise<LoginResponse> {
    // The source address is only ever hashed (per-address throttle); IPv6 counted per /64.
    const result = await this.signIn.signIn(body, sourceAddressOf(request));
    return {
      token: result.token,
      expiresAt: new Date(result.expiresAt).toISOString(),
      user: { ...toUserView(result.user, this.clock.now()), enrolmentOnly: result.enrolmentOnly },
    };
  }

  @RequirePermission(Permission.SESSION_ENROL)
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.signIn.signOut(principal);
  }

  @RequirePermission(Permission.SESSION_ENROL)
  @ApiBearerAuth()
  @Get('me')
  @ApiZodResponse(200, sessionUserViewSchema)
  async me(@CurrentPrincipal() principal: Principal): Promise<SessionUserView> {
    return {
      ...(await this.account.meView(principal)),
      enrolmentOnly: !principal.permissions.has(Permission.SESSION_SELF),
    };
  }

  @RequirePermission(Permission.SESSION_ENROL)
  @ApiBearerAuth()
  @Post('totp/enroll')
  @HttpCode(200)
  @ApiZodResponse(200, totpEnrolResponseSchema)
  async enrolTotp(@CurrentPrincipal() principal: Principal): Promise<TotpEnrolResponse> {
    return { otpauthUri: await this.account.enrolTotp(principal) };
  }

  @RequirePermission(Permission.SESSION_ENROL)
  @ApiBearerAuth()
  @Post('totp/confirm')
  @HttpCode(204)
  async confirmTotp(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(totpConfirmSchema) body: TotpConfirmBody,
  ): Promise<void> {
    await this.account.confirmTotp(principal, body.totp);
  }

  @RequirePermission(Permission.SESSION_SELF)
  @ApiBearerAuth()
  @Post('password')
  @HttpCode(204)
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(changePasswordSchema) body: ChangePasswordBody,
  ): Promise<void> {
    await this.account.changePassword(principal, body.currentPassword, body.newPassword);
  }
}
