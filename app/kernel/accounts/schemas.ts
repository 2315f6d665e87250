import { z } from "zod";
import { text } from "~/kernel/fields";
import { commonPasswords } from "./common-passwords";

/** Field rules shared by the forms (client-side hints) and the actions (the real check). */
export const passwordMinLength = 10;

export const emailField = z
  .string({ error: "Enter your email address" })
  .trim()
  .max(254, "That email address is too long")
  .pipe(z.email("Enter an email address like name@company.com"));

export const newPasswordField = z
  .string({ error: "Choose a password" })
  .min(passwordMinLength, `Use at least ${passwordMinLength} characters`)
  .max(128, "Use at most 128 characters")
  .refine((value) => !commonPasswords.has(value.toLowerCase()), {
    message: "This password is too common; choose one that is harder to guess",
  });

export const personNameField = text({ error: "Enter your name" })
  .trim()
  .min(1, "Enter your name")
  .max(200, "Use at most 200 characters");

export const companyNameField = text({ error: "Enter your company's name" })
  .trim()
  .min(1, "Enter your company's name")
  .max(200, "Use at most 200 characters");
