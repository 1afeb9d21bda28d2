// "All tenants" or one: shown to SOC staff, who work across tenants; a tenant's own users
// only ever see theirs, so for them it shows nothing.
import { useCan, useSignedIn } from '../session/useSession.js';
import { useTenants } from './useTenants.js';

export function TenantSelect({ value, onChange }: { value: string | undefined; onChange: (tenant: string | undefined) => void }) {
  const session = useSignedIn();
  const can = useCan();
  const staff = session.user.tenant === null && can('tenants:read');
  const tenants = useTenants(staff);
  if (!staff) return null;
  return (
    <select aria-label="Tenant" value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">All tenants</option>
      {tenants.data?.items.map((t) => <option key={t.id} value={t.id}>{t.name} ({t.id})</option>)}
    </select>
  );
}
