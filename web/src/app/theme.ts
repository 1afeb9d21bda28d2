// Dark by default; an analyst may switch to light, remembered in this browser.
const KEY = 'vigil.theme';
export type Theme = 'dark' | 'light';

export function storedTheme(): Theme {
  try {
    return localStorage.getItem(KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // Private windows may refuse storage; the theme still applies to this page.
  }
}
