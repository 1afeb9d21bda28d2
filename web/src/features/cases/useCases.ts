// Case data for the console: lists, one case with its parts, and every change (each sends
// the version it read, as the API requires).
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, upload, type QueryValue } from '../../api/client.js';
import type { Attachment, Case, CaseAlert, CaseComment, Observable, Page, Task, TaskLog, TimelineEntry } from './types.js';

const enc = encodeURIComponent;

export function useCaseList(filters: Record<string, QueryValue>) {
  return useInfiniteQuery({
    queryKey: ['cases', 'list', filters],
    queryFn: ({ pageParam, signal }) => api<Page<Case>>('/api/cases', { query: { ...filters, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor,
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string) {
  return useQuery({ queryKey: ['cases', 'one', id], queryFn: ({ signal }) => api<Case>(`/api/cases/${enc(id)}`, { signal }) });
}

/** One of a case's lists (tasks, observables, comments, alerts, attachments, timeline), first 500. */
export function useCasePart<T>(id: string, part: 'tasks' | 'observables' | 'comments' | 'alerts' | 'attachments' | 'timeline') {
  return useQuery({
    queryKey: ['cases', 'one', id, part],
    queryFn: ({ signal }) => api<Page<T>>(`/api/cases/${enc(id)}/${part}`, { query: { limit: 500 }, signal }),
  });
}

export const useTasks = (id: string) => useCasePart<Task>(id, 'tasks');
export const useObservables = (id: string) => useCasePart<Observable>(id, 'observables');
export const useCaseComments = (id: string) => useCasePart<CaseComment>(id, 'comments');
export const useCaseAlerts = (id: string) => useCasePart<CaseAlert>(id, 'alerts');
export const useAttachments = (id: string) => useCasePart<Attachment>(id, 'attachments');
export const useTimeline = (id: string) => useCasePart<TimelineEntry>(id, 'timeline');

export function useTaskLogs(taskId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['tasks', taskId, 'logs'],
    queryFn: ({ signal }) => api<Page<TaskLog>>(`/api/tasks/${enc(taskId)}/logs`, { query: { limit: 500 }, signal }),
    enabled,
  });
}

function useCaseMutation<I, O>(caseId: string, send: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSettled: () => Promise.all([
      client.invalidateQueries({ queryKey: ['cases', 'one', caseId] }),
      client.invalidateQueries({ queryKey: ['cases', 'list'] }),
      client.invalidateQueries({ queryKey: ['tasks'] }),
    ]),
  });
}

export function useCreateCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { title?: string; description?: string; severity?: string; alert_ids?: string[]; tenant?: string; tags?: string[] }) =>
      api<Case>('/api/cases', { method: 'POST', body: input }),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ['cases'] }), client.invalidateQueries({ queryKey: ['alerts'] })]),
  });
}

export function useAddAlertsToCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ caseId, alertIds }: { caseId: string; alertIds: string[] }) => api(`/api/cases/${enc(caseId)}/alerts`, { method: 'POST', body: { alert_ids: alertIds } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['cases'] }),
  });
}

export const useUpdateCase = (c: Pick<Case, 'id' | 'version'>) =>
  useCaseMutation(c.id, (patch: Record<string, unknown>) => api<Case>(`/api/cases/${enc(c.id)}`, { method: 'PATCH', body: { version: c.version, ...patch } }));
export const useAddCaseComment = (caseId: string) =>
  useCaseMutation(caseId, (body: string) => api<CaseComment>(`/api/cases/${enc(caseId)}/comments`, { method: 'POST', body: { body } }));
export const useAddTask = (caseId: string) =>
  useCaseMutation(caseId, (input: { title: string; description?: string }) => api<Task>(`/api/cases/${enc(caseId)}/tasks`, { method: 'POST', body: input }));
export const useUpdateTask = (caseId: string) =>
  useCaseMutation(caseId, ({ task, patch }: { task: Task; patch: Record<string, unknown> }) => api<Task>(`/api/tasks/${enc(task.id)}`, { method: 'PATCH', body: { version: task.version, ...patch } }));
export const useAddTaskLog = (caseId: string) =>
  useCaseMutation(caseId, ({ taskId, message }: { taskId: string; message: string }) => api<TaskLog>(`/api/tasks/${enc(taskId)}/logs`, { method: 'POST', body: { message } }));
export const useAddObservable = (caseId: string) =>
  useCaseMutation(caseId, (input: { type: string; value: string; ioc?: boolean; description?: string }) => api<Observable>(`/api/cases/${enc(caseId)}/observables`, { method: 'POST', body: input }));
export const useUpdateObservable = (caseId: string) =>
  useCaseMutation(caseId, ({ observable, patch }: { observable: Observable; patch: Record<string, unknown> }) => api<Observable>(`/api/observables/${enc(observable.id)}`, { method: 'PATCH', body: { version: observable.version, ...patch } }));
export const useUploadAttachment = (caseId: string) =>
  useCaseMutation(caseId, (file: File) => upload<Attachment>(`/api/cases/${enc(caseId)}/attachments`, file, { filename: file.name }));
