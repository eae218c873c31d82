import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  Length,
} from 'class-validator';
import { Role } from '../../access/permissions';

export class CreateUserDto {
  @ApiProperty({
    example: 'anna',
    description: 'Lower-case letters, digits, `.`, `_`, `-`; 2–63 characters.',
  })
  @IsString()
  @Length(2, 63)
  username: string;

  @ApiProperty({ enum: Role, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsEnum(Role, { each: true })
  roles: Role[];

  @ApiProperty({ format: 'password', description: 'An initial password; the user should change it.' })
  @IsString()
  @Length(1, 1024)
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: Role, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsEnum(Role, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ description: 'Disabling ends the user’s sessions; enabling also lifts a lockout.' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ResetPasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 1024)
  password: string;
}
