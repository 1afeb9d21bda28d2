// Marks the first paint of real content (the login form or a signed-in page) with the
// Performance API, so the end-to-end tests can report the time to first render.
import { useEffect } from 'react';

export const FIRST_RENDER_MARK = 'vigil:first-render';

export function useMarkFirstRender(): void {
  useEffect(() => {
    if (performance.getEntriesByName(FIRST_RENDER_MARK).length > 0) return;
    // The frame after the commit is the one that paints it.
    requestAnimationFrame(() => {
      if (performance.getEntriesByName(FIRST_RENDER_MARK).length === 0) performance.mark(FIRST_RENDER_MARK);
    });
  }, []);
}
