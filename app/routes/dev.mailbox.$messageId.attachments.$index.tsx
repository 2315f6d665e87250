import { data, type LoaderFunctionArgs } from "@remix-run/node";

/** Development only: download one attachment of a message in the development mailbox. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  if (context.config.NODE_ENV === "production") throw data("Not found", { status: 404 });
  const index = Number(params.index);
  if (!Number.isSafeInteger(index) || index < 0) throw data("Not found", { status: 404 });
  const attachment = await context.devMailbox.attachment(params.messageId ?? "", index);
  if (!attachment) throw data("Not found", { status: 404 });
  // The filename was checked when the email was queued (plain characters only), so it needs no escaping here.
  return new Response(new Uint8Array(attachment.content), {
    headers: {
      "Content-Type": attachment.contentType,
      "Content-Disposition": `attachment; filename="${attachment.filename}"`,
      "Content-Length": String(attachment.content.length),
      "Cache-Control": "no-store",
    },
  });
}
