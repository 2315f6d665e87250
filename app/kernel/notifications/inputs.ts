import { z } from "zod";
import { notificationKinds } from "./kinds";

/** The notifications' operation inputs. */
export const markNotificationReadInput = z.object({ notificationId: z.uuid() });
export const markAllNotificationsReadInput = z.object({});
/** The kinds that also come by email; every kind left out comes only in the app. */
export const emailPreferencesInput = z.object({ email: z.array(z.enum(notificationKinds)).default([]) });
