import { Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Permission } from '../access/permissions';
import type { Principal } from '../access/principal';
import { CommonErrorCode, commonError } from '../common/errors';
import { UUID } from '../common/patterns';
import { ApiZodResponse, ZodBody, ZodQuery } from '../common/http/zod-body';
import { CaseAssigneesService } from './case-assignees.service';
import { CaseListService } from './case-list.service';
import {
  caseAssigneesSchema,
  caseDetailSchema,
  caseHistorySchema,
  caseMilestoneAddedSchema,
  caseNoteAddedSchema,
  casePageSchema,
  caseStateSchema,
  caseTimelineSchema,
} from './case-responses';
import { CaseReadingService } from './case-reading.service';
import {
  AssigneeBody,
  assigneeBodySchema,
  ListQuery,
  listQuerySchema,
  MilestoneBody,
  milestoneBodySchema,
  NoteBody,
  noteBodySchema,
  TransitionBody,
  transitionBodySchema,
  UpdateBody,
  updateBodySchema,
} from './case-schemas';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesErrorCode, casesError } from './cases.errors';

const invalid = (fields: string[]) => casesError(CasesErrorCode.CASE_INVALID_REQUEST, { fields });
const NOT_READABLE =
  'NOT_FOUND: no such case, a malformed id, or one the caller holds no chain of key slots to.';

/**
 * Evacuation cases (docs/cases.md). Every route answers 404 NOT_FOUND for a case the caller cannot
 * read, exactly as for a missing one; the permission only opens the route.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly list: CaseListService,
    private readonly reading: CaseReadingService,
    private readonly workflow: CaseWorkflowService,
    private readonly assignees: CaseAssigneesService,
  ) {}

  @Get()
  @RequirePermission(Permission.CASES_READ)
  @ApiOperation({ summary: 'A page of the readable cases, filtered on plain fields, summaries decrypted.' })
  @ApiZodResponse(200, casePageSchema)
  page(@CurrentPrincipal() principal: Principal, @ZodQuery(listQuerySchema, invalid) query: ListQuery) {
    return this.list.list(principal, query);
  }

  @Get(':id')
  @RequirePermission(Permission.CASES_READ)
  @ApiOperation({
    summary: 'The case: plain fields, decrypted summary and alias, assignees, reports decrypted.',
  })
  @ApiZodResponse(200, caseDetailSchema)
  @ApiResponse({ status: 404, description: NOT_READABLE })
  detail(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.reading.detail(principal, id);
  }

  @Patch(':id')
  @RequirePermission(Permission.CASES_WRITE)
  @ApiOperation({ summary: 'Summary and alias (sealed), needs and risks (plain), against the version.' })
  @ApiZodResponse(200, caseStateSchema)
  @ApiResponse({ status: 409, description: 'CASE_VERSION_STALE' })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @ZodBody(updateBodySchema, invalid) body: UpdateBody,
  ) {
    return this.workflow.update(principal, id, body);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @RequirePermission(Permission.CASES_WRITE)
  @ApiOperation({ summary: 'Move the case in its status machine (see docs/cases.md).' })
  @ApiZodResponse(200, caseStateSchema)
  @ApiResponse({
    status: 409,
    description: 'CASE_VERSION_STALE, CASE_TRANSITION_NOT_ALLOWED, CASE_TRANSITION_ROLE_REQUIRED',
  })
  @ApiResponse({
    status: 422,
    description: 'CASE_REASON_REQUIRED, CASE_OUTCOME_REQUIRED, CASE_OUTCOME_NOT_ALLOWED',
  })
  transition(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @ZodBody(transitionBodySchema, invalid) body: TransitionBody,
  ) {
    return this.workflow.transition(principal, id, body);
  }

  @Get(':id/history')
  @RequirePermission(Permission.CASES_READ)
  @ApiOperation({ summary: 'Every status change, reasons decrypted.' })
  @ApiZodResponse(200, caseHistorySchema)
  history(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.reading.history(principal, id);
  }

  @Post(':id/notes')
  @RequirePermission(Permission.CASES_WRITE)
  @ApiOperation({ summary: 'A note, sealed to the case key.' })
  @ApiZodResponse(201, caseNoteAddedSchema)
  note(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @ZodBody(noteBodySchema, invalid) body: NoteBody,
  ) {
    return this.workflow.addNote(principal, id, body.text);
  }

  @Get(':id/timeline')
  @RequirePermission(Permission.CASES_READ)
  @ApiOperation({ summary: 'Notes, events, status changes, milestones and registered sources, decrypted.' })
  @ApiZodResponse(200, caseTimelineSchema)
  timeline(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.reading.timeline(principal, id);
  }

  @Post(':id/milestones')
  @RequirePermission(Permission.CASES_WRITE)
  @ApiOperation({ summary: 'A milestone reached: month plain, details sealed.' })
  @ApiZodResponse(201, caseMilestoneAddedSchema)
  @ApiResponse({ status: 409, description: 'CASE_MILESTONE_EXISTS' })
  milestone(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @ZodBody(milestoneBodySchema, invalid) body: MilestoneBody,
  ) {
    return this.workflow.addMilestone(principal, id, body);
  }

  @Post(':id/assignees')
  @HttpCode(200)
  @RequirePermission(Permission.CASES_ASSIGN)
  @ApiOperation({ summary: 'Assign a caseworker or coordinator: the case key sealed to them.' })
  @ApiZodResponse(200, caseAssigneesSchema)
  @ApiResponse({ status: 422, description: 'CASE_ASSIGNEE_ROLE_REQUIRED' })
  assign(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @ZodBody(assigneeBodySchema, invalid) body: AssigneeBody,
  ) {
    return this.assignees.assign(principal, id, body.userId);
  }

  @Delete(':id/assignees/:userId')
  @HttpCode(204)
  @RequirePermission(Permission.CASES_ASSIGN)
  @ApiOperation({ summary: 'Unassign: their slot of the case key is deleted.' })
  @ApiResponse({ status: 204, description: 'Unassigned (or was not assigned).' })
  async unassign(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('userId') userId: string,
  ): Promise<void> {
    if (!UUID.test(userId)) throw commonError(CommonErrorCode.NOT_FOUND);
    await this.assignees.unassign(principal, id, userId);
  }
}
