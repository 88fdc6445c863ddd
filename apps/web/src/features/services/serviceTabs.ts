/** The tabs of a service's page, as `?tab=` in its URL; the overview is the default and not written. */
export const SERVICE_TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'inbound-metrics', label: 'Inbound metrics' },
] as const;
export type ServiceTab = (typeof SERVICE_TABS)[number]['id'];

export function serviceTabOf(search: string): ServiceTab {
  const tab = new URLSearchParams(search).get('tab');
  return SERVICE_TABS.find((t) => t.id === tab)?.id ?? 'overview';
}

/** The page's search string showing `tab`, its other parameters kept. */
export function withServiceTab(search: string, tab: ServiceTab): string {
  const q = new URLSearchParams(search);
  if (tab === 'overview') q.delete('tab');
  else q.set('tab', tab);
  return q.toString().replace(/%2C/gi, ',');
}
