// Tenants (GET /api/tenants): for tenant filters and their administration.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';

export interface Tenant {
  id: string;
  name: string;
  version: number;
  created_at: number;
  updated_at: number | null;
}

export function useTenants(enabled = true) {
  return useQuery({
    queryKey: ['tenants'],
    queryFn: ({ signal }) => api<{ items: Tenant[]; next_cursor?: string }>('/api/tenants', { query: { limit: 500 }, signal }),
    enabled,
    staleTime: 300_000,
  });
}
