// The current view's URL query as plain strings, and a way to change part of it: every filter,
// time range and selection lives in the URL, so any view can be shared by copying its address.
import { useCallback } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';

export type UrlSearch = Record<string, string | undefined>;

export function useUrlSearch<T extends UrlSearch>(): [T, (patch: Partial<T>, options?: { replace?: boolean }) => void] {
  const search = useSearch({ strict: false }) as T;
  const navigate = useNavigate();
  const update = useCallback((patch: Partial<T>, options: { replace?: boolean } = {}) => {
    void navigate({
      to: '.',
      search: (previous: Record<string, unknown>) => {
        const next: Record<string, string> = {};
        for (const [key, value] of Object.entries({ ...previous, ...patch })) {
          if (value !== undefined && value !== null && value !== '') next[key] = String(value);
        }
        return next;
      },
      replace: options.replace ?? false,
    } as never);
  }, [navigate]);
  return [search, update];
}
