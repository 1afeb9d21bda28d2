// Case routes: cases and their alerts, tasks and task logs, observables, comments, timeline,
// attachments, merge, templates and custom fields. Changes to an existing resource carry the
// `version` the caller read (in the body; in the query string for DELETE): a stale one is a 409.
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  addAlertsToCase, addComment, addTaskLog, alertsDomain, ATTACHMENT_MAX_BYTES, caseActor, caseTimeline, CASE_STATUSES, createBlobStore, createCase,
  createCustomField, createObservable, createTask, createTemplate, CUSTOM_FIELD_TYPES, deleteCustomField, deleteObservable, deleteTemplate,
  getCase, getCustomField, getObservable, getTask, getTemplate, listAttachments, listCaseAlerts, listCases, listComments, listCustomFields,
  listObservables, listTaskLogs, listTasks, listTemplates, MAX_LIMIT, mergeCases, OBSERVABLE_TYPES, openAttachment, PAPS, RESOLUTION_STATUSES,
  SEVERITIES, TASK_STATUSES, TIMELINE_KINDS, TLPS, updateCase, updateCustomField, updateObservable, updateTask, updateTemplate, uploadAttachment,
} from '../../cases/index.js';
import { VigilError } from '../../errors.js';
import type { AppContext } from '../context.js';

const tags = ['cases'];
const text = (max: number) => z.string().max(max);
const title = z.string().trim().min(1).max(500);
const markdown = text(100_000);
const tagList = z.array(z.string().min(1).max(100)).max(100);
/** TLP and PAP 1.0 said "white" for what 2.0 calls "clear". */
const tlp = z.enum([...TLPS, 'white']).transform((v) => (v === 'white' ? 'clear' : v));
const pap = z.enum([...PAPS, 'white']).transform((v) => (v === 'white' ? 'clear' : v));
const observableType = z.enum([...OBSERVABLE_TYPES, 'email']).transform((v) => (v === 'email' ? 'mail' : v));
const version = z.number().int().min(1);
const customValues = z.record(z.string(), z.unknown());
const userId = z.string().min(1).max(200);

/** "a,b" → ["a", "b"], each one of the allowed values. */
function csvOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v !== '')).pipe(z.array(z.enum(values)));
}

const Page = { limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(50), cursor: z.string().optional() };
const PageQuery = z.strictObject(Page);
const pageSchema = { limit: { type: 'integer', description: `At most ${MAX_LIMIT}; default 50` }, cursor: { type: 'string', description: 'next_cursor of the previous page' } };

const CaseList = z.strictObject({
  ...Page,
  status: csvOf(CASE_STATUSES).optional(),
  severity: csvOf(SEVERITIES).optional(),
  assignee: z.string().min(1).optional(),
  tag: z.string().min(1).optional(),
  q: z.string().min(1).max(500).optional(),
  tenant: z.string().min(1).optional(),
});

const NewCaseBody = z.strictObject({
  tenant: z.string().min(1).optional(),
  title: title.optional(),
  description: markdown.optional(),
  severity: z.enum(SEVERITIES).optional(),
  tlp: tlp.optional(),
  pap: pap.optional(),
  tags: tagList.optional(),
  assignee: userId.nullable().optional(),
  custom_fields: customValues.optional(),
  template_id: z.string().min(1).optional(),
  alert_ids: z.array(z.string().min(1)).max(500).optional(),
});

const CasePatchBody = z.strictObject({
  version,
  title: title.optional(),
  description: markdown.optional(),
  severity: z.enum(SEVERITIES).optional(),
  tlp: tlp.optional(),
  pap: pap.optional(),
  status: z.enum(CASE_STATUSES).optional(),
  resolution_status: z.enum(RESOLUTION_STATUSES).optional(),
  summary: markdown.optional(),
  assignee: userId.nullable().optional(),
  tags: tagList.optional(),
  custom_fields: customValues.optional(),
});

const AlertsBody = z.strictObject({ alert_ids: z.array(z.string().min(1)).min(1).max(500) });
const MergeBody = z.strictObject({ version, source_id: z.string().min(1) });
const TimelineQuery = z.strictObject({ ...Page, kind: z.enum(TIMELINE_KINDS).optional() });

const NewTaskBody = z.strictObject({ title, description: markdown.optional(), assignee: userId.nullable().optional(), order: z.number().int().optional() });
const TaskPatchBody = z.strictObject({
  version, title: title.optional(), description: markdown.optional(), assignee: userId.nullable().optional(),
  status: z.enum(TASK_STATUSES).optional(), order: z.number().int().optional(),
});
const TaskList = z.strictObject({ ...Page, status: z.enum(TASK_STATUSES).optional(), assignee: z.string().min(1).optional() });
const NewLogBody = z.strictObject({ message: markdown.min(1), attachment_id: z.string().min(1).nullable().optional() });

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const ObservableList = z.strictObject({
  ...Page, type: observableType.optional(), ioc: flag.optional(), sighted: flag.optional(), tag: z.string().min(1).optional(), q: z.string().min(1).max(500).optional(),
});
const NewObservableBody = z.strictObject({
  type: observableType, value: z.string().min(1).max(8192), tags: tagList.optional(), tlp: tlp.optional(),
  ioc: z.boolean().optional(), sighted: z.boolean().optional(), description: markdown.optional(),
});
const ObservablePatchBody = z.strictObject({
  version, tags: tagList.optional(), tlp: tlp.optional(), ioc: z.boolean().optional(), sighted: z.boolean().optional(), description: markdown.optional(),
});

const CommentBody = z.strictObject({ body: markdown.min(1) });
const UploadQuery = z.strictObject({ filename: z.string().min(1).max(1000) });
const DeleteQuery = z.strictObject({ version: z.coerce.number().int().min(1) });

const TemplateFields = {
  name: z.string().trim().min(1).max(200),
  title_prefix: text(200).optional(),
  description: markdown.optional(),
  severity: z.enum(SEVERITIES).optional(),
  tlp: tlp.optional(),
  pap: pap.optional(),
  tags: tagList.optional(),
  tasks: z.array(z.strictObject({ title, description: markdown.optional() })).max(200).optional(),
  custom_fields: customValues.optional(),
};
const NewTemplateBody = z.strictObject({ tenant: z.string().min(1).nullable().optional(), ...TemplateFields });
const TemplatePatchBody = z.strictObject({ version, ...TemplateFields, name: TemplateFields.name.optional() });

const NewCustomFieldBody = z.strictObject({
  tenant: z.string().min(1).nullable().optional(),
  name: z.string().min(1).max(64),
  label: text(200).optional(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  description: text(2000).optional(),
});
const CustomFieldPatchBody = z.strictObject({ version, label: text(200).optional(), description: text(2000).optional() });

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
const id = (request: FastifyRequest): string => (request.params as { id: string }).id;
const read = { permission: 'cases:read' as const };
const write = { permission: 'cases:write' as const };

/** A media type as sent, when it is one; anything else is served back as bytes. */
function mediaType(header: string | undefined): string {
  const value = header?.trim() ?? '';
  return /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"\r\n]*"|[\w.+-]+))*$/.test(value) && value.length <= 200 ? value : 'application/octet-stream';
}

/** `attachment` with the name twice: plain ASCII for old clients, RFC 8187 UTF-8 for the rest. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function caseRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const db = ctx.db;
  const blobs = createBlobStore(join(resolve(ctx.config.data_dir), 'attachments'));
  const who = (request: FastifyRequest) => caseActor(request.principal);

  // Cases

  app.get('/api/cases', {
    config: read,
    schema: {
      summary: 'List cases, newest first', tags,
      querystring: {
        type: 'object',
        properties: {
          ...pageSchema,
          status: { type: 'string', description: `Comma-separated: ${CASE_STATUSES.join(', ')}` },
          severity: { type: 'string', description: `Comma-separated: ${SEVERITIES.join(', ')}` },
          assignee: { type: 'string', description: 'A user id, "me" or "none"' },
          tag: { type: 'string' },
          q: { type: 'string', description: 'Text of the title or description, or a case number (#42)' },
          tenant: { type: 'string', description: 'SOC staff: one tenant only' },
        },
      },
    },
  }, async (request) => {
    const { limit, cursor, assignee, tenant, ...filter } = CaseList.parse(request.query);
    if (tenant !== undefined && request.principal.tenant !== null && tenant !== request.principal.tenant) throw new VigilError('forbidden', `not allowed to read tenant ${tenant}`);
    const assigned = assignee === 'me' ? request.principal.id : assignee === 'none' ? null : assignee;
    return listCases(db, who(request), { ...filter, tenant, assignee: assigned }, { limit, cursor });
  });

  app.post('/api/cases', {
    config: write,
    schema: {
      summary: 'Open a case: from alerts (alert_ids, observables extracted), from a template (template_id) or from scratch', tags,
      body: {
        type: 'object',
        properties: {
          title: { type: 'string' }, description: { type: 'string', description: 'Markdown' }, severity: { type: 'string', enum: [...SEVERITIES] },
          tlp: { type: 'string', enum: [...TLPS, 'white'] }, pap: { type: 'string', enum: [...PAPS, 'white'] }, tags: { type: 'array', items: { type: 'string' } },
          assignee: { type: ['string', 'null'], description: 'User id' }, custom_fields: { type: 'object' }, template_id: { type: 'string' },
          alert_ids: { type: 'array', items: { type: 'string' } }, tenant: { type: 'string', description: 'SOC staff, for a case without alerts' },
        },
      },
    },
  }, async (request, reply) => {
    const created = createCase(db, who(request), NewCaseBody.parse(request.body), alertsDomain);
    return reply.status(201).send(created);
  });

  app.get('/api/cases/:id', { config: read, schema: { summary: 'A case', tags, params: idParams } }, async (request) => getCase(db, who(request), id(request)));

  app.patch('/api/cases/:id', {
    config: write,
    schema: {
      summary: 'Change a case (title, severity, TLP/PAP, status and resolution, assignee, tags, custom fields); send the version you read', tags, params: idParams,
      body: {
        type: 'object', required: ['version'],
        properties: {
          version: { type: 'integer' }, title: { type: 'string' }, description: { type: 'string' }, severity: { type: 'string' }, tlp: { type: 'string' }, pap: { type: 'string' },
          status: { type: 'string', enum: [...CASE_STATUSES] }, resolution_status: { type: 'string', enum: [...RESOLUTION_STATUSES] }, summary: { type: 'string' },
          assignee: { type: ['string', 'null'] }, tags: { type: 'array', items: { type: 'string' } }, custom_fields: { type: 'object', description: 'null removes a field' },
        },
      },
    },
  }, async (request) => {
    const { version: seen, ...patch } = CasePatchBody.parse(request.body);
    return updateCase(db, who(request), id(request), seen, patch);
  });

  app.get('/api/cases/:id/alerts', { config: read, schema: { summary: "A case's alerts", tags, params: idParams, querystring: { type: 'object', properties: pageSchema } } },
    async (request) => listCaseAlerts(db, who(request), id(request), PageQuery.parse(request.query)));

  app.post('/api/cases/:id/alerts', {
    config: write,
    schema: { summary: 'Add alerts to a case; their observables are extracted', tags, params: idParams, body: { type: 'object', required: ['alert_ids'], properties: { alert_ids: { type: 'array', items: { type: 'string' } } } } },
  }, async (request) => addAlertsToCase(db, who(request), id(request), AlertsBody.parse(request.body).alert_ids, alertsDomain));

  app.post('/api/cases/:id/merge', {
    config: write,
    schema: {
      summary: 'Merge another case (source_id) into this one; the source is resolved as a duplicate', tags, params: idParams,
      body: { type: 'object', required: ['version', 'source_id'], properties: { version: { type: 'integer', description: "This case's version" }, source_id: { type: 'string' } } },
    },
  }, async (request) => {
    const input = MergeBody.parse(request.body);
    return mergeCases(db, who(request), id(request), input.version, input.source_id);
  });

  app.get('/api/cases/:id/timeline', {
    config: read,
    schema: { summary: "A case's timeline, oldest first", tags, params: idParams, querystring: { type: 'object', properties: { ...pageSchema, kind: { type: 'string', enum: [...TIMELINE_KINDS] } } } },
  }, async (request) => {
    const { kind, ...page } = TimelineQuery.parse(request.query);
    return caseTimeline(db, who(request), id(request), { kind }, page);
  });

  // Tasks and their logs

  app.get('/api/cases/:id/tasks', {
    config: read,
    schema: { summary: "A case's tasks, in order", tags, params: idParams, querystring: { type: 'object', properties: { ...pageSchema, status: { type: 'string', enum: [...TASK_STATUSES] }, assignee: { type: 'string' } } } },
  }, async (request) => {
    const { status, assignee, ...page } = TaskList.parse(request.query);
    return listTasks(db, who(request), id(request), { status, assignee }, page);
  });

  app.post('/api/cases/:id/tasks', {
    config: write,
    schema: { summary: 'Add a task to a case', tags, params: idParams, body: { type: 'object', required: ['title'], properties: { title: { type: 'string' }, description: { type: 'string' }, assignee: { type: ['string', 'null'] }, order: { type: 'integer' } } } },
  }, async (request, reply) => reply.status(201).send(createTask(db, who(request), id(request), NewTaskBody.parse(request.body))));

  app.get('/api/tasks/:id', { config: read, schema: { summary: 'A task', tags, params: idParams } }, async (request) => getTask(db, who(request), id(request)));

  app.patch('/api/tasks/:id', {
    config: write,
    schema: {
      summary: 'Change a task (title, description, assignee, status, order); send the version you read', tags, params: idParams,
      body: { type: 'object', required: ['version'], properties: { version: { type: 'integer' }, title: { type: 'string' }, description: { type: 'string' }, assignee: { type: ['string', 'null'] }, status: { type: 'string', enum: [...TASK_STATUSES] }, order: { type: 'integer' } } },
    },
  }, async (request) => {
    const { version: seen, ...patch } = TaskPatchBody.parse(request.body);
    return updateTask(db, who(request), id(request), seen, patch);
  });

  app.get('/api/tasks/:id/logs', { config: read, schema: { summary: "A task's logs, oldest first", tags, params: idParams, querystring: { type: 'object', properties: pageSchema } } },
    async (request) => listTaskLogs(db, who(request), id(request), PageQuery.parse(request.query)));

  app.post('/api/tasks/:id/logs', {
    config: write,
    schema: { summary: 'Add a log to a task (markdown, optionally one of the case attachments); starts a waiting task', tags, params: idParams, body: { type: 'object', required: ['message'], properties: { message: { type: 'string' }, attachment_id: { type: ['string', 'null'] } } } },
  }, async (request, reply) => reply.status(201).send(addTaskLog(db, who(request), id(request), NewLogBody.parse(request.body))));

  // Observables

  app.get('/api/cases/:id/observables', {
    config: read,
    schema: {
      summary: "A case's observables", tags, params: idParams,
      querystring: { type: 'object', properties: { ...pageSchema, type: { type: 'string', enum: [...OBSERVABLE_TYPES, 'email'] }, ioc: { type: 'string', enum: ['true', 'false'] }, sighted: { type: 'string', enum: ['true', 'false'] }, tag: { type: 'string' }, q: { type: 'string', description: 'Part of the value' } } },
    },
  }, async (request) => {
    const { limit, cursor, ...filter } = ObservableList.parse(request.query);
    return listObservables(db, who(request), id(request), filter, { limit, cursor });
  });

  app.post('/api/cases/:id/observables', {
    config: write,
    schema: {
      summary: 'Add an observable to a case (409 if the case has it)', tags, params: idParams,
      body: { type: 'object', required: ['type', 'value'], properties: { type: { type: 'string', enum: [...OBSERVABLE_TYPES, 'email'] }, value: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, tlp: { type: 'string' }, ioc: { type: 'boolean' }, sighted: { type: 'boolean' }, description: { type: 'string' } } },
    },
  }, async (request, reply) => reply.status(201).send(createObservable(db, who(request), id(request), NewObservableBody.parse(request.body))));

  app.get('/api/observables/:id', { config: read, schema: { summary: 'An observable', tags, params: idParams } }, async (request) => getObservable(db, who(request), id(request)));

  app.patch('/api/observables/:id', {
    config: write,
    schema: { summary: "Change an observable's flags, tags, TLP or description; send the version you read", tags, params: idParams, body: { type: 'object', required: ['version'], properties: { version: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } }, tlp: { type: 'string' }, ioc: { type: 'boolean' }, sighted: { type: 'boolean' }, description: { type: 'string' } } } },
  }, async (request) => {
    const { version: seen, ...patch } = ObservablePatchBody.parse(request.body);
    return updateObservable(db, who(request), id(request), seen, patch);
  });

  app.delete('/api/observables/:id', {
    config: write,
    schema: { summary: 'Remove an observable from its case; ?version= the version you read', tags, params: idParams, querystring: { type: 'object', required: ['version'], properties: { version: { type: 'integer' } } } },
  }, async (request, reply) => {
    deleteObservable(db, who(request), id(request), DeleteQuery.parse(request.query).version);
    return reply.status(204).send();
  });

  // Comments

  app.get('/api/cases/:id/comments', { config: read, schema: { summary: "A case's comments, oldest first", tags, params: idParams, querystring: { type: 'object', properties: pageSchema } } },
    async (request) => listComments(db, who(request), id(request), PageQuery.parse(request.query)));

  app.post('/api/cases/:id/comments', {
    config: write,
    schema: { summary: 'Comment on a case (markdown)', tags, params: idParams, body: { type: 'object', required: ['body'], properties: { body: { type: 'string' } } } },
  }, async (request, reply) => reply.status(201).send(addComment(db, who(request), id(request), CommentBody.parse(request.body).body)));

  // Attachments

  app.get('/api/cases/:id/attachments', { config: read, schema: { summary: "A case's attachments", tags, params: idParams, querystring: { type: 'object', properties: pageSchema } } },
    async (request) => listAttachments(db, who(request), id(request), PageQuery.parse(request.query)));

  app.get('/api/cases/:id/attachments/:attachmentId', {
    config: read,
    schema: { summary: 'Download an attachment (its content is checked against its SHA-256 first)', tags, params: { type: 'object', properties: { id: { type: 'string' }, attachmentId: { type: 'string' } } } },
  }, async (request, reply) => {
    const { attachmentId } = request.params as { attachmentId: string };
    const { attachment, content } = await openAttachment(db, blobs, who(request), id(request), attachmentId);
    return reply
      .header('content-type', attachment.content_type)
      .header('content-length', String(attachment.size))
      .header('content-disposition', contentDisposition(attachment.filename))
      .header('x-content-type-options', 'nosniff')
      .header('etag', `"${attachment.sha256}"`)
      .send(content);
  });

  // Uploads take the raw body as a stream, whatever its type: their own encapsulated parser.
  await app.register(async (uploads) => {
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    uploads.post('/api/cases/:id/attachments', {
      config: write,
      schema: {
        summary: `Upload an attachment: the raw bytes as the body, its type as Content-Type, ?filename= its name (at most ${ATTACHMENT_MAX_BYTES} bytes; the same file again gives the same attachment)`,
        tags, params: idParams, querystring: { type: 'object', required: ['filename'], properties: { filename: { type: 'string' } } },
      },
    }, async (request, reply) => {
      const { filename } = UploadQuery.parse(request.query);
      if (!request.body) throw new VigilError('bad_request', 'the request body is the file to attach; there is none');
      const { attachment, created } = await uploadAttachment(db, blobs, who(request), id(request), {
        filename, content_type: mediaType(request.headers['content-type']), content: request.body as Readable,
      });
      return reply.status(created ? 201 : 200).send(attachment);
    });
  });

  // Templates

  app.get('/api/case-templates', { config: read, schema: { summary: 'Case templates: global ones and your tenant\'s', tags, querystring: { type: 'object', properties: pageSchema } } },
    async (request) => listTemplates(db, who(request), PageQuery.parse(request.query)));

  const templateProperties = {
    name: { type: 'string' }, title_prefix: { type: 'string' }, description: { type: 'string' }, severity: { type: 'string', enum: [...SEVERITIES] }, tlp: { type: 'string' }, pap: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } }, tasks: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' }, description: { type: 'string' } } } }, custom_fields: { type: 'object' },
  };
  app.post('/api/case-templates', {
    config: write,
    schema: { summary: 'Create a case template (tenant null: global, SOC staff only)', tags, body: { type: 'object', required: ['name'], properties: { tenant: { type: ['string', 'null'] }, ...templateProperties } } },
  }, async (request, reply) => reply.status(201).send(createTemplate(db, who(request), NewTemplateBody.parse(request.body))));

  app.get('/api/case-templates/:id', { config: read, schema: { summary: 'A case template', tags, params: idParams } }, async (request) => getTemplate(db, who(request), id(request)));

  app.patch('/api/case-templates/:id', {
    config: write,
    schema: { summary: 'Change a case template; send the version you read', tags, params: idParams, body: { type: 'object', required: ['version'], properties: { version: { type: 'integer' }, ...templateProperties } } },
  }, async (request) => {
    const { version: seen, ...patch } = TemplatePatchBody.parse(request.body);
    return updateTemplate(db, who(request), id(request), seen, patch);
  });

  app.delete('/api/case-templates/:id', {
    config: write,
    schema: { summary: 'Delete a case template; ?version= the version you read', tags, params: idParams, querystring: { type: 'object', required: ['version'], properties: { version: { type: 'integer' } } } },
  }, async (request, reply) => {
    deleteTemplate(db, who(request), id(request), DeleteQuery.parse(request.query).version);
    return reply.status(204).send();
  });

  // Custom fields

  app.get('/api/custom-fields', { config: read, schema: { summary: 'Custom field definitions: global ones and your tenant\'s', tags, querystring: { type: 'object', properties: pageSchema } } },
    async (request) => listCustomFields(db, who(request), PageQuery.parse(request.query)));

  app.post('/api/custom-fields', {
    config: write,
    schema: {
      summary: 'Define a custom field (tenant null: global, SOC staff only)', tags,
      body: { type: 'object', required: ['name', 'type'], properties: { tenant: { type: ['string', 'null'] }, name: { type: 'string' }, label: { type: 'string' }, type: { type: 'string', enum: [...CUSTOM_FIELD_TYPES] }, description: { type: 'string' } } },
    },
  }, async (request, reply) => reply.status(201).send(createCustomField(db, who(request), NewCustomFieldBody.parse(request.body))));

  app.get('/api/custom-fields/:id', { config: read, schema: { summary: 'A custom field definition', tags, params: idParams } }, async (request) => getCustomField(db, who(request), id(request)));

  app.patch('/api/custom-fields/:id', {
    config: write,
    schema: { summary: "Change a custom field's label or description (name and type are fixed); send the version you read", tags, params: idParams, body: { type: 'object', required: ['version'], properties: { version: { type: 'integer' }, label: { type: 'string' }, description: { type: 'string' } } } },
  }, async (request) => {
    const { version: seen, ...patch } = CustomFieldPatchBody.parse(request.body);
    return updateCustomField(db, who(request), id(request), seen, patch);
  });

  app.delete('/api/custom-fields/:id', {
    config: write,
    schema: { summary: 'Delete a custom field no case uses; ?version= the version you read', tags, params: idParams, querystring: { type: 'object', required: ['version'], properties: { version: { type: 'integer' } } } },
  }, async (request, reply) => {
    deleteCustomField(db, who(request), id(request), DeleteQuery.parse(request.query).version);
    return reply.status(204).send();
  });
}
