import { getFormProps } from "@conform-to/react";
import { useFetcher } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { asCompanyChoice, emailChangeInput, localeChoices, profileInput } from "~/kernel/accounts/profile-inputs";
import { timezones } from "~/kernel/company/inputs";
import { Button } from "./Button";
import { FormErrors, Select, TextField } from "./fields";
import { useValidatedForm } from "./forms";

export interface ProfileView {
  name: string;
  email: string;
  timezone: string | null;
  locale: string | null;
  pendingEmail: string | null;
  /** What "as the company" means for this person: the first company's timezone, and the browser's language. */
  fallback: { timezone: string; locale: string };
}

const profileAction = "/account/profile";

/**
 * The account page's profile: name, timezone and language, and the email address
 * with its pending change. Each form posts through a fetcher to /account/profile, so
 * a refusal comes back to this page's form; a success redirects here with a toast.
 */
export function ProfileForms({ profile }: { profile: ProfileView }) {
  const profileFetcher = useFetcher<SubmissionResult<string[]>>();
  const emailFetcher = useFetcher<SubmissionResult<string[]>>();
  const [form, fields] = useValidatedForm(profileInput, profileFetcher.data, { id: "profile", defaultValue: { name: profile.name } });
  const [emailForm, emailFields] = useValidatedForm(emailChangeInput, emailFetcher.data, { id: "email" });
  const timezoneOptions = [
    { id: asCompanyChoice, label: `As the company (${profile.fallback.timezone})` },
    ...timezones.map((tz) => ({ id: tz, label: tz.replaceAll("_", " ") })),
  ];
  const localeOptions = [{ id: asCompanyChoice, label: `As your browser (${profile.fallback.locale})` }, ...localeChoices];
  return (
    <>
      <section className="card stack" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <profileFetcher.Form method="post" action={profileAction} {...getFormProps(form)} className="stack">
          <input type="hidden" name="intent" value="profile" />
          <FormErrors errors={form.errors} />
          <TextField label="Name" name={fields.name.name} autoComplete="name" defaultValue={profile.name} errors={fields.name.errors} />
          <Select
            label="Timezone"
            name={fields.timezone.name}
            options={timezoneOptions}
            defaultValue={profile.timezone ?? asCompanyChoice}
            description="Your days and times are shown in it."
            errors={fields.timezone.errors}
          />
          <Select
            label="Language for dates and numbers"
            name={fields.locale.name}
            options={localeOptions}
            defaultValue={profile.locale ?? asCompanyChoice}
            errors={fields.locale.errors}
          />
          <Button type="submit" isPending={profileFetcher.state !== "idle"}>
            Save profile
          </Button>
        </profileFetcher.Form>
      </section>
      <section className="card stack" aria-labelledby="email-heading">
        <h2 id="email-heading">Email address</h2>
        <p>
          You sign in with <strong>{profile.email}</strong>.
          {profile.pendingEmail ? (
            <> A link to confirm <strong>{profile.pendingEmail}</strong> is waiting in that inbox.</>
          ) : null}
        </p>
        <emailFetcher.Form method="post" action={profileAction} {...getFormProps(emailForm)} className="stack">
          <input type="hidden" name="intent" value="email" />
          <FormErrors errors={emailForm.errors} />
          <TextField label="New email address" name={emailFields.newEmail.name} type="email" autoComplete="email" errors={emailFields.newEmail.errors} />
          <TextField
            label="Your password"
            name={emailFields.password.name}
            type="password"
            autoComplete="current-password"
            description="The address changes once you open the link we send to it. Your current address is told."
            errors={emailFields.password.errors}
          />
          <Button type="submit" isPending={emailFetcher.state !== "idle"}>
            Send confirmation link
          </Button>
        </emailFetcher.Form>
      </section>
    </>
  );
}
