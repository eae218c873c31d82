import { Controller, Get, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/decorators';
import { FormPostBody } from '../common/http/zod-body';
import { HostedPageService, type PageRequest } from './hosted-page.service';
import { PageRequestOf } from './page-request';
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

  @Public()
  @Get()
  async form(@PageRequestOf() page: PageRequest, @Res() reply: FastifyReply) {
    send(reply, await this.pages.showForm(page));
  }

  @Public()
  @Post()
  async submit(
    @PageRequestOf() page: PageRequest,
    @FormPostBody() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    send(reply, await this.pages.submitForm(page, body));
  }

  @Public()
  @Get('follow-up')
  async followUp(@PageRequestOf() page: PageRequest, @Res() reply: FastifyReply) {
    send(reply, await this.pages.showFollowUp(page));
  }

  @Public()
  @Post('follow-up')
  async openFollowUp(
    @PageRequestOf() page: PageRequest,
    @FormPostBody() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    send(reply, await this.pages.openFollowUp(page, body));
  }

  @Public()
  @Post('follow-up/thread')
  async thread(
    @PageRequestOf() page: PageRequest,
    @FormPostBody() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    send(reply, await this.pages.showThread(page, body));
  }

  @Public()
  @Post('follow-up/reply')
  async reply(@PageRequestOf() page: PageRequest, @FormPostBody() body: unknown, @Res() reply: FastifyReply) {
    send(reply, await this.pages.reply(page, body));
  }

  @Public()
  @Post('follow-up/leave')
  async leave(@PageRequestOf() page: PageRequest, @FormPostBody() body: unknown, @Res() reply: FastifyReply) {
    send(reply, await this.pages.leave(page, body));
  }
}
