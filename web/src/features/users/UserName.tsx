// A user id shown as the user's name, when the viewer may list users; the id otherwise.
import { useCan } from '../session/useSession.js';
import { useUsers } from './useUsers.js';

export function UserName({ id }: { id: string | null }) {
  const can = useCan();
  const users = useUsers(id !== null && can('users:read'));
  if (id === null) return <span className="faint">nobody</span>;
  const user = users.data?.items.find((u) => u.id === id || u.username === id);
  return <span title={id}>{user?.username ?? id}</span>;
}
