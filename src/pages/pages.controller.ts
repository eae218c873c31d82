import { Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/decorators';
import { SourceAddress } from '../access/source-address';
import { FormPostBody } from '../common/http/zod-body';
import { HostedPageService, PageRequest } from './hosted-page.service';
import type { RenderedPage } from './page-renderer';

function send(reply: FastifyReply, page: RenderedPage): void {
  void reply.status(page.status).type('text/html; charset=utf-8').send(page.html);
}

/**
 * The hosted intake page (HTML, outside the /api/v1 prefix and the OpenAPI document): the form,
 * its plain POST, and the follow-up with a receipt. Each route asks one HostedPageService method.
 */
@ApiExcludeController()
@Controller('f/:slug')
export class PagesController {
  constructor(private readonly pages: HostedPageService) {}

  private request(
    slug: string,
    lang: unknown,
    acceptLanguage: string | undefined,
    address: string,
  ): PageRequest {
    return { slug, lang, acceptLanguage, address };
  }

  @Public()
  @Get()
  async form(
    @Param('slug') slug: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @SourceAddress() address: string,
    @Res() reply: FastifyReply,
  ) {
    send(reply, await this.pages.showForm(this.request(slug, lang, acceptLanguage, address)));
  }

  @Public()
  @Post()
  async submit(
    @Param('slug') slug: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @SourceAddress() address: string,
    @FormPostBody() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    send(reply, await this.pages.submitForm(this.request(slug, lang, acceptLanguage, address), body));
  }

  @Public()
  @Get('follow-up')
  async followUp(
    @Param('slug') slug: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @SourceAddress() address: string,
    @Res() reply: FastifyReply,
  ) {
    send(reply, await this.pages.showFollowUp(this.request(slug, lang, acceptLanguage, address)));
  }

  @Public()
  @Post('follow-up')
  async openFollowUp(
    @Param('slug') slug: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @SourceAddress() address: string,
    @FormPostBody() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    send(reply, await this.pages.openFollowUp(this.request(slug, lang, acceptLanguage, address), body));
  }

  @Public()
  @Post('follow-up/thread')
  async thread(
    @Param('slug') slug: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @SourceAddress() address: string,
    @FormPostBody() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    send(reply, await this.pages.showThread(this.request(slug, lang, acceptLanguage, address), body));
  }

  @Public()
  @Post('follow-up/reply')
  async reply(
    @Param('slug') slug: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @SourceAddress() address: string,
    @FormPostBody() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    send(reply, await this.pages.reply(this.request(slug, lang, acceptLanguage, address), body));
  }

  @Public()
  @Post('follow-up/leave')
  async leave(
    @Param('slug') slug: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @SourceAddress() address: string,
    @FormPostBody() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    send(reply, await this.pages.leave(this.request(slug, lang, acceptLanguage, address), body));
  }
}
