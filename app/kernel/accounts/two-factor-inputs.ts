import { z } from "zod";

/**
 * The two-factor forms' schemas, for the browser and the actions alike. A code is
 * six digits from the app or a recovery code (ten letters and digits, a dash
 * optional); which of the two it is, the server decides.
 */
export const codeField = z
  .string({ error: "Enter the code" })
  .trim()
  .min(1, "Enter the code")
  .max(20, "That is longer than any code")
  .regex(/^[\dA-Za-z\s-]+$/, "Codes have only letters, digits and dashes");

export const secondFactorCodeInput = z.object({ code: codeField });

/** Confirming the setup takes an app code only: it proves the app holds the new seed. */
export const confirmSetupInput = z.object({
  intent: z.literal("confirm"),
  code: z.string({ error: "Enter the 6-digit code from your app" }).trim().regex(/^\d{3}\s?\d{3}$/, "Enter the 6-digit code from your app"),
});

/** Turning two-factor off or making new recovery codes takes a fresh proof: the password, or a code. */
export const freshProofInput = z
  .object({
    intent: z.enum(["disable", "regenerate"]),
    password: z.string().max(1_000).optional(),
    code: codeField.optional(),
  })
  .refine((value) => Boolean(value.password) || Boolean(value.code), {
    message: "Enter your password or a code from your app",
    path: ["password"],
  });
