import type { Role, TeamStore, UserRecord, Viewer } from "../../store/index.js";

/** A person as an identity provider vouched for them. */
export interface Identity {
  /** Who vouches: the OIDC issuer URL, `github:<web url>`, or `proxy`. */
  issuer: string;
  /** The provider's stable id for the person (OIDC `sub`, GitHub numeric id, the proxy's user header). */
  subject: string;
  email: string | null;
  name: string;
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** True when `role` is at least `least`. */
export function roleAtLeast(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

/**
 * Record a person who signed in and give them their role: the first person ever to sign in becomes admin (someone
 * must be able to hand out roles), as does anyone whose e-mail is in the configured admin list; everyone else keeps
 * the role an admin gave them (new people start as viewers).
 */
export async function signInUser(
  store: TeamStore,
  identity: Identity,
  adminEmails: readonly string[],
): Promise<UserRecord> {
  const user = await store.upsertUser({
    issuer: identity.issuer,
    subject: identity.subject,
    email: identity.email?.toLowerCase() ?? null,
    name: identity.name,
  });
  const configuredAdmin = user.email !== null && adminEmails.includes(user.email);
  let first = false;
  if (!configuredAdmin && user.role !== "admin") {
    const everyone = await store.listUsers();
    first = everyone.length === 1 && everyone[0]?.id === user.id;
  }
  if ((configuredAdmin || first) && user.role !== "admin") {
    await store.setRole(user.id, "admin");
    return { ...user, role: "admin" };
  }
  return user;
}

/** The {@link Viewer} a user acts as. */
export function viewerOf(user: UserRecord): Viewer {
  return { userId: user.id, email: user.email, name: user.name, role: user.role };
}

/** The API token's identity: an admin service account for API and MCP clients (scripts, agents). */
export const API_TOKEN_VIEWER: Viewer = {
  userId: "service:api-token",
  email: null,
  name: "API token",
  role: "admin",
};
