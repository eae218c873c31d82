import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { UserView } from '../../users/user-view';

export class LoginDto {
  @ApiProperty({ example: 'anna' })
  @IsString()
  @Length(1, 200)
  username: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 1024)
  password: string;

  @ApiPropertyOptional({ description: 'The current 6-digit code; required once TOTP is enrolled.' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  totp?: string;
}

export class SessionUserView extends UserView {
  @ApiProperty({
    description:
      'The session may only enrol TOTP (TOTP is required and not yet enrolled): /auth/me, /auth/logout and /auth/totp/* only.',
  })
  enrolmentOnly: boolean;
}

export class LoginResponse {
  @ApiProperty({ description: 'The session token (shown once; send as `Authorization: Bearer <token>`).' })
  token: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the session ends if idle.' })
  expiresAt: string;

  @ApiProperty({ type: SessionUserView })
  user: SessionUserView;
}

export class TotpEnrolResponse {
  @ApiProperty({ description: 'An otpauth:// URI to scan into an authenticator app (shown once).' })
  otpauthUri: string;
}

export class TotpConfirmDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/)
  totp: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 1024)
  currentPassword: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 1024)
  newPassword: string;
}

export class LockdownResponse {
  @ApiProperty({ description: 'Sessions ended (every session, the caller’s included).' })
  sessionsEnded: number;
}
