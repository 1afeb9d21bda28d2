// Accounts (GET /api/users): for administration, and to show a user id (case assignees) as a name.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';

export interface User {
  id: string;
  username: string;
  role: string;
  tenant: string | null;
  disabled: boolean;
  email: string | null;
  sso: boolean;
  version: number;
  created_at: number;
  updated_at: number | null;
}

export function useUsers(enabled = true) {
  return useQuery({
    queryKey: ['users'],
    queryFn: ({ signal }) => api<{ items: User[]; next_cursor?: string }>('/api/users', { query: { limit: 500 }, signal }),
    enabled,
    staleTime: 60_000,
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string; role: string; tenant: string | null; email: string | null }) => api<User>('/api/users', { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ user, change }: { user: User; change: Record<string, unknown> }) =>
      api<User>(`/api/users/${encodeURIComponent(user.id)}`, { method: 'PATCH', body: { version: user.version, ...change } }),
    onSettled: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}
