import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** A rendered page: its status and HTML. */
export interface RenderedPage {
  status: number;
  html: string;
}

type ViewRenderer = (template: string, data: object) => Promise<string>;

const FORM_CACHE_LIMIT = 256;

/**
 * Renders the page templates through @fastify/view (eta, registered at bootstrap). A blank form
 * depends only on its slug, version and language, so its HTML is kept (form versions never change).
 */
@Injectable()
export class PageRenderer {
  private readonly blankForms = new Map<string, string>();

  constructor(private readonly host: HttpAdapterHost) {}

  async render(status: number, template: string, data: object): Promise<RenderedPage> {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance & { view: ViewRenderer }>();
    return { status, html: await fastify.view(template, data) };
  }

  async blankForm(cacheKey: string, build: () => Promise<RenderedPage>): Promise<RenderedPage> {
    const cached = this.blankForms.get(cacheKey);
    if (cached !== undefined) return { status: 200, html: cached };
    const page = await build();
    if (this.blankForms.size >= FORM_CACHE_LIMIT) this.blankForms.clear();
    this.blankForms.set(cacheKey, page.html);
    return page;
  }
}
