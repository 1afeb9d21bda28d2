// Cases as TheHive does them: tasks and logs, observables extracted from alerts, comments,
// timeline, attachments by content hash, merge, templates and custom fields.
export * from './types.js';
export { OBSERVABLE_TYPES, canonicalObservable, hashAlgorithm, type Observable, type ObservableType, type HashAlgorithm } from './observable-types.js';
export { caseActor, visibleTo } from './access.js';
export { alertsDomain, type AlertSource, type CaseAlertInput } from './alert-source.js';
export { createCase, getCase, listCases, updateCase, addAlertsToCase, listCaseAlerts, casesOfAlerts, type NewCase, type CasePatch, type CaseFilter, type AlertsAdded } from './cases.js';
export { createTask, getTask, listTasks, updateTask, addTaskLog, listTaskLogs, type NewTask, type TaskPatch, type NewTaskLog } from './tasks.js';
export { createObservable, getObservable, listObservables, updateObservable, deleteObservable, type NewObservable, type ObservablePatch, type ObservableFilter } from './observables.js';
export { extractObservables, EXTRACT_RULES, MAX_EXTRACTED, type ExtractRule, type ExtractKind, type ExtractedObservable, type ExtractInput } from './extract.js';
export { addComment, listComments } from './comments.js';
export { uploadAttachment, listAttachments, getAttachment, openAttachment, safeFilename, ATTACHMENT_MAX_BYTES, type Upload } from './attachments.js';
export { createBlobStore, type BlobStore, type StoredBlob } from './blob-store.js';
export { mergeCases, type MergeResult } from './merge.js';
export { caseTimeline, TIMELINE_KINDS, type TimelineEntry, type TimelineKind } from './timeline.js';
export { createTemplate, getTemplate, listTemplates, updateTemplate, deleteTemplate, type NewTemplate, type TemplatePatch } from './templates.js';
export { createCustomField, getCustomField, listCustomFields, updateCustomField, deleteCustomField, CUSTOM_FIELD_NAME, type NewCustomField, type CustomFieldPatch } from './custom-fields.js';
export { caseDurations, type CaseDuration } from './durations.js';
export { DEFAULT_LIMIT, MAX_LIMIT, type PageRequest } from './pagination.js';
