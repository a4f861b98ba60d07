/** What a staff page may send to the browser about the signed-in user. */
import type { UserRole } from "../../../db/schema";

export interface StaffViewUser {
  id: number;
  name: string;
  role: UserRole;
}

export function staffView(user: StaffViewUser): StaffViewUser {
  return { id: user.id, name: user.name, role: user.role };
}

/**
 * `export const headers = staffHeaders` on every staff page: tip content,
 * identities and one-time secrets must not be kept by any cache.
 */
export function staffHeaders() {
  return { "Cache-Control": "private, no-store" };
}
