import type { PasswordHasher } from "./password.server";
import type { Database, OwnerTransaction } from "../../../db/types";
import type { SeatRules } from "../members/seats.server";
import type { SecretBox } from "../secrets.server";
import type { SecurityEmailMessage } from "../../../emails/messages";


/** The reset link's token, not the link: the email builds its links when it is sent (decision 029). */
export interface PasswordResetEmail {
  to: string;
  name: string;
  token: string;
  expiresAt: Date;
}

/** What a sign-up sends: a confirmation link's token to a new address, or a notice to the person who has it. */
export type SignUpEmail =
  | { kind: "confirmation"; to: string; token: string; expiresAt: Date }
  | { kind: "existing-account"; to: string; name: string };

export interface AccountDeps {
  db: Database;
  hasher: PasswordHasher;
  /** Queues the reset email in the same transaction as its token (the outbox). */
  queuePasswordResetEmail: (tx: OwnerTransaction, message: PasswordResetEmail) => Promise<void>;
  /** Queues a sign-up's email in the same transaction as its request (the outbox). */
  queueSignUpEmail: (tx: OwnerTransaction, message: SignUpEmail) => Promise<void>;
  /** The plans' member limits, which invitation acceptance enforces. */
  seats: SeatRules;
  /** Seals two-factor seeds at rest (SECRETS_KEY). */
  secrets: SecretBox;
  /** Queues a notice about the person's own account (sign-in method changed, email change) in the same transaction. */
  queueSecurityEmail: (tx: OwnerTransaction, message: SecurityEmailMessage) => Promise<void>;
}

export const sessionLifetimeDays = 30;
export const passwordResetLifetimeMinutes = 60;
export const signUpRequestLifetimeHours = 24;
export const emailChangeLifetimeHours = 24;

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
}
