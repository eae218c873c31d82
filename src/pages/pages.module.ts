import { Module } from '@nestjs/common';
import { AbuseModule } from '../abuse/abuse.module';
import { FormsModule } from '../forms/forms.module';
import { IntakeModule } from '../intake/intake.module';
import { ReporterModule } from '../reporter/reporter.module';
import { HostedPageService } from './hosted-page.service';
import { PageAssetsController } from './page-assets.controller';
import { PageRenderer } from './page-renderer';
import { PagesController } from './pages.controller';

/** The hosted intake page at /f/:slug (HTML; works without JavaScript). */
@Module({
  imports: [FormsModule, IntakeModule, ReporterModule, AbuseModule],
  controllers: [PageAssetsController, PagesController],
  providers: [HostedPageService, PageRenderer],
})
export class PagesModule {}
