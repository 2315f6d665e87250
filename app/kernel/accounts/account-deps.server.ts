import type { PasswordHasher } from "./password.server";
import type { Database, OwnerTransaction } from "../../../db/types";
import type { SeatRules } from "../members/seats.server";


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
}

export const sessionLifetimeDays = 30;
export const passwordResetLifetimeMinutes = 60;
export const signUpRequestLifetimeHours = 24;

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
}
