import { explain, listExplainers } from '@assay/core';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import type { z } from 'zod';
import { ZodPipe } from '../http/zod.pipe.js';
import { ZExplainBodySchema } from './explanations.contract.js';

/** Thin adapter over the core's explainer registry: the API explains nothing itself. */
@Controller('v1')
export class ExplanationsController {
  @Get('explainers')
  list() {
    return { items: listExplainers() };
  }

  @Post('explanations')
  @HttpCode(200)
  run(@Body(new ZodPipe(ZExplainBodySchema, 'body')) body: z.infer<typeof ZExplainBodySchema>) {
    return explain(body.method, body.input, body.params ?? {});
  }
}
