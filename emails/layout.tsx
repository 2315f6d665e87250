import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Text,
} from "@react-email/components";
import type { ReactElement, ReactNode } from "react";
import { companyPath, type MessageLinks } from "./links";
import type { EmailProps, EmailTemplate } from "./messages";

/** What a template knows besides its props: where the app is and whose email this is. */
export interface EmailContext {
  /** APP_URL, without a trailing slash. */
  appUrl: string;
  /** The company the email is about; null for account emails (password reset). */
  company: { name: string; slug: string; timezone: string } | null;
  /**
   * When the email was asked for (its outbox row's creation), for "expires in …"
   * wording. Not the render time: a retried job must render the very same email, or
   * Resend refuses the repeated idempotency key as a different request.
   */
  queuedAt: Date;
}

export interface EmailTemplateDefinition<T extends EmailTemplate> {
  subject: (props: EmailProps<T>, context: EmailContext) => string;
  /** `links` are the message's paths from emails/links.ts, as absolute URLs under APP_URL. */
  Email: (input: { props: EmailProps<T>; context: EmailContext; links: MessageLinks<T> }) => ReactElement;
  /**
   * When set, the email is pointless after this moment (its link no longer works)
   * and is dropped rather than sent late.
   */
  expiresAt?: (props: EmailProps<T>) => string | undefined;
}

/** The company's home page in the app, or the app's for account emails: every email's way back. */
export function homeUrl(context: EmailContext): string {
  return context.company ? `${context.appUrl}${companyPath(context.company.slug)}` : context.appUrl;
}

const styles = {
  body: { backgroundColor: "#f4f5f7", fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" },
  container: { backgroundColor: "#ffffff", margin: "24px auto", padding: "32px", maxWidth: "560px", borderRadius: "8px" },
  brand: { fontSize: "14px", fontWeight: 600, color: "#4b5563", margin: "0 0 16px" },
  heading: { fontSize: "22px", lineHeight: "30px", color: "#111827", margin: "0 0 16px" },
  text: { fontSize: "15px", lineHeight: "24px", color: "#1f2937" },
  quote: { fontSize: "15px", lineHeight: "24px", color: "#1f2937", borderLeft: "3px solid #d1d5db", paddingLeft: "12px" },
  button: { backgroundColor: "#1d4ed8", color: "#ffffff", borderRadius: "6px", padding: "12px 20px", fontWeight: 600 },
  rule: { borderColor: "#e5e7eb", margin: "32px 0 16px" },
  footer: { fontSize: "12px", lineHeight: "18px", color: "#6b7280" },
} as const;

export function EmailLayout({
  preview,
  heading,
  context,
  children,
}: {
  preview: string;
  heading: string;
  context: EmailContext;
  children: ReactNode;
}) {
  const company = context.company;
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>{company ? `${company.name} on Hourbook` : "Hourbook"}</Text>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          {children}
          <Hr style={styles.rule} />
          <Text style={styles.footer}>
            {company ? `You receive this as a member of ${company.name} on Hourbook. ` : "Sent by Hourbook. "}
            <Link href={homeUrl(context)}>{company ? `Open ${company.name}` : "Open Hourbook"}</Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.text}>{children}</Text>;
}

export function Quote({ children }: { children: ReactNode }) {
  return <Text style={styles.quote}>{children}</Text>;
}

/** The email's one call to action; the plain-text part shows its URL after the label. */
export function Action({ href, children }: { href: string; children: string }) {
  return (
    <Button href={href} style={styles.button}>
      {children}
    </Button>
  );
}
