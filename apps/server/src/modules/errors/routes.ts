import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  getErrorTrend,
  getIssueTrend,
  getTopErrors,
  getUnresolvedBySeverity,
} from './error-stats.ts';
import { getEvent } from './get-event.ts';
import { getIssue } from './get-issue.ts';
import { listIssueEvents } from './list-issue-events.ts';
import { listIssues } from './list-issues.ts';
import {
  ErrorEventSchema,
  EventIdParamsSchema,
  EventListSchema,
  IssueDetailSchema,
  IssueIdParamsSchema,
  IssueListSchema,
  IssueSchema,
  IssueTrendQuerySchema,
  IssueTrendSchema,
  ListIssueEventsQuerySchema,
  ListIssuesQuerySchema,
  TopErrorsQuerySchema,
  TopErrorsSchema,
  TrendQuerySchema,
  TrendSchema,
  UnresolvedQuerySchema,
  UnresolvedSchema,
  UpdateIssueBodySchema,
} from './schemas.ts';
import { updateIssue } from './update-issue.ts';

/** The errors API under /api/v1: issues, their events, triage, and the seed 001 5.3 reports. */
export async function errorsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['errors'];
  const read = { permission: 'telemetry.read' as const };

  app.get(
    '/errors/issues',
    {
      config: read,
      schema: {
        tags,
        summary: 'List issues (error groups) with filters and sort',
        querystring: ListIssuesQuerySchema,
        response: { 200: IssueListSchema },
      },
    },
    async (req) => listIssues({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/errors/issues/trend',
    {
      config: read,
      schema: {
        tags,
        summary: "Daily event counts of given issues (the issue list's sparklines)",
        querystring: IssueTrendQuerySchema,
        response: { 200: IssueTrendSchema },
      },
    },
    async (req) => getIssueTrend({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/errors/issues/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get one issue with its latest event',
        params: IssueIdParamsSchema,
        response: { 200: IssueDetailSchema },
      },
    },
    async (req) => getIssue({ ctx: req.ctx, input: req.params }),
  );

  app.get(
    '/errors/issues/:id/events',
    {
      config: read,
      schema: {
        tags,
        summary: "List an issue's events (newest first, keyset pagination)",
        params: IssueIdParamsSchema,
        querystring: ListIssueEventsQuerySchema,
        response: { 200: EventListSchema },
      },
    },
    async (req) => listIssueEvents({ ctx: req.ctx, input: { ...req.params, ...req.query } }),
  );

  app.patch(
    '/errors/issues/:id',
    {
      config: { permission: 'telemetry.write' },
      schema: {
        tags,
        summary: 'Change the status, assignee or resolution note of an issue (audited)',
        params: IssueIdParamsSchema,
        body: UpdateIssueBodySchema,
        response: { 200: IssueSchema },
      },
    },
    async (req) => updateIssue({ ctx: req.ctx, input: { ...req.params, ...req.body } }),
  );

  app.get(
    '/errors/events/:eventId',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Get one event by its Sentry event id (stack trace, breadcrumbs, context, user, request)',
        params: EventIdParamsSchema,
        response: { 200: ErrorEventSchema },
      },
    },
    async (req) => getEvent({ ctx: req.ctx, input: req.params }),
  );

  app.get(
    '/errors/stats/top',
    {
      config: read,
      schema: {
        tags,
        summary: 'Top issues by occurrences among those seen in the last days',
        querystring: TopErrorsQuerySchema,
        response: { 200: TopErrorsSchema },
      },
    },
    async (req) => getTopErrors({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/errors/stats/trend',
    {
      config: read,
      schema: {
        tags,
        summary: 'Events and affected users per error type and hour or day',
        querystring: TrendQuerySchema,
        response: { 200: TrendSchema },
      },
    },
    async (req) => getErrorTrend({ ctx: req.ctx, input: req.query }),
  );

  app.get(
    '/errors/stats/unresolved',
    {
      config: read,
      schema: {
        tags,
        summary: 'Unresolved issues, occurrences and affected users per severity',
        querystring: UnresolvedQuerySchema,
        response: { 200: UnresolvedSchema },
      },
    },
    async (req) => getUnresolvedBySeverity({ ctx: req.ctx, input: req.query }),
  );
}
