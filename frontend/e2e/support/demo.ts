import type { Role } from "@/lib/auth-session";

// The demo organization every stack seeds (see the backend's seed command); overridable so the
// suite can run against another stack.
const env = (name: string, fallback: string) => process.env[name] || fallback;

export const demoPassword = env("OMNI_DEMO_PASSWORD", "omnipresence-demo");
export const demoOrganization = env("OMNI_DEMO_ORGANIZATION", "Riverside School");

export interface DemoUser {
  role: Role;
  email: string;
  fullName: string;
  /** The role's label in the English catalogue. */
  roleLabel: string;
}

export const demoUsers: Record<Role, DemoUser> = {
  admin: {
    role: "admin",
    email: env("OMNI_DEMO_ADMIN_EMAIL", "admin@example.com"),
    fullName: env("OMNI_DEMO_ADMIN_NAME", "Alex Admin"),
    roleLabel: "Administrator",
  },
  manager: {
    role: "manager",
    email: env("OMNI_DEMO_MANAGER_EMAIL", "manager@example.com"),
    fullName: env("OMNI_DEMO_MANAGER_NAME", "Morgan Manager"),
    roleLabel: "Manager",
  },
  frontline: {
    role: "frontline",
    email: env("OMNI_DEMO_FRONTLINE_EMAIL", "frontline@example.com"),
    fullName: env("OMNI_DEMO_FRONTLINE_NAME", "Frankie Frontline"),
    roleLabel: "Frontline user",
  },
  external: {
    role: "external",
    email: env("OMNI_DEMO_EXTERNAL_EMAIL", "external@example.com"),
    fullName: env("OMNI_DEMO_EXTERNAL_NAME", "Eli External"),
    roleLabel: "Participant",
  },
};
