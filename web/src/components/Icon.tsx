// A few line icons drawn for the console (16 px, currentColor), so no icon font is loaded.

const PATHS = {
  logo: 'M8 1.5 2.5 4v4c0 3.4 2.3 5.8 5.5 6.5 3.2-.7 5.5-3.1 5.5-6.5V4L8 1.5Zm0 3.2a2.8 2.8 0 1 1 0 5.6 2.8 2.8 0 0 1 0-5.6Zm0 1.6a1.2 1.2 0 1 0 0 2.4 1.2 1.2 0 0 0 0-2.4Z',
  dashboard: 'M2 2h5v6H2zM9 2h5v3H9zM9 7h5v7H9zM2 10h5v4H2z',
  alert: 'M8 1.8 15 14H1L8 1.8Zm0 4.2v4m0 1.6v.9',
  search: 'M7 2a5 5 0 1 1 0 10A5 5 0 0 1 7 2Zm3.6 8.6L14 14',
  case: 'M2 5h12v8H2zM6 5V3h4v2M2 8.5h12',
  rules: 'M3 2h7l3 3v9H3zM10 2v3h3M5.5 8h5M5.5 10.5h5',
  admin: 'M8 5.2a2.8 2.8 0 1 1 0 5.6 2.8 2.8 0 0 1 0-5.6ZM8 1v2m0 10v2M1 8h2m10 0h2M3 3l1.4 1.4m7.2 7.2L13 13M3 13l1.4-1.4m7.2-7.2L13 3',
  screen: 'M1.5 2.5h13v9h-13zM5.5 14h5M8 11.5V14',
  logout: 'M6 2H2.5v12H6M10.5 5l3 3-3 3M13.5 8H6',
  theme: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2Zm0 0v12',
  close: 'M3.5 3.5l9 9m0-9-9 9',
  plus: 'M8 3v10M3 8h10',
  minus: 'M3 8h10',
  download: 'M8 2v8m-3.5-3.5L8 10l3.5-3.5M2.5 13.5h11',
  star: 'M8 1.8l1.9 4 4.3.5-3.2 3 .9 4.3L8 11.4l-3.9 2.2.9-4.3-3.2-3 4.3-.5z',
  external: 'M9 2.5h4.5V7M13.5 2.5 7 9M11.5 9.5v4h-9v-9h4',
  check: 'M2.5 8.5l3.5 3.5 7.5-8',
  help: 'M8 1.5a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13ZM6.2 6.2a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.6m0 1.9v.4',
  filterIn: 'M8 2.5a5.5 5.5 0 1 1 0 11 5.5 5.5 0 0 1 0-11ZM8 5.5v5M5.5 8h5',
  filterOut: 'M8 2.5a5.5 5.5 0 1 1 0 11 5.5 5.5 0 0 1 0-11ZM5.5 8h5',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, title }: { name: IconName; size?: number; title?: string }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={name === 'logo' ? 0 : 1.5}
      strokeLinecap="round" strokeLinejoin="round" aria-hidden={title ? undefined : true} role={title ? 'img' : undefined}>
      {title && <title>{title}</title>}
      <path d={PATHS[name]} fill={name === 'logo' ? 'currentColor' : 'none'} fillRule="evenodd" />
    </svg>
  );
}
