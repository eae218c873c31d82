import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FormVersion } from './form-version.entity';
import { Form } from './form.entity';
import { FormsController } from './forms.controller';
import { FormsRepository } from './forms.repository';
import { FormsService } from './forms.service';
import { AuditModule } from '../audit/audit.module';

/** Versioned intake forms and their administration. */
@Module({
  imports: [TypeOrmModule.forFeature([Form, FormVersion]), AuditModule],
  controllers: [FormsController],
  providers: [FormsRepository, FormsService],
  exports: [FormsService],
})
export class FormsModule {}
