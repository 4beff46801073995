import { createHash } from "node:crypto";
import nodemailer from "nodemailer";
import { DebriefError } from "../../model/debrief-error.js";
import { scrubUrl } from "../../util/scrub.js";
import type { PlannedStep, PublishChannel, PublishContext } from "../publish-types.js";

/** `smtp://user:pass@host:port` → transport options, with the password from SMTP_PASSWORD when the URL has none. */
export function smtpTransportOptions(url: string, env: Record<string, string | undefined>): Record<string, unknown> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DebriefError("USAGE", `--smtp must be a URL like smtp://user@mail.example.com:587, got "${url}"`);
  }
  if (u.protocol !== "smtp:" && u.protocol !== "smtps:") {
    throw new DebriefError("USAGE", `--smtp must use smtp:// or smtps://, got ${u.protocol}//`);
  }
  const user = decodeURIComponent(u.username);
  const pass = u.password ? decodeURIComponent(u.password) : env.SMTP_PASSWORD;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : u.protocol === "smtps:" ? 465 : 587,
    secure: u.protocol === "smtps:",
    ...(user ? { auth: { user, pass: pass ?? "" } } : {}),
    // plain SMTP on loopback (tests, local relays) should not demand STARTTLS the server may not offer
    ignoreTLS: u.searchParams.get("tls") === "off",
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

/** `smtp://mail.example.com:587` without credentials, for messages. */
function smtpLabel(url: string): string {
  return scrubUrl(url, { secretPath: true });
}

/** Sends the report: HTML body, text alternative, the PDF and the follow-up invitation attached. */
export const emailChannel: PublishChannel = {
  id: "email",
  enabled: (o) => Boolean(o.email),
  async plan(ctx: PublishContext): Promise<PlannedStep[]> {
    const email = ctx.options.email!;
    if (email.to.length === 0)
      throw new DebriefError("USAGE", "--to is required with --smtp (who receives the report)");
    if (!email.from) throw new DebriefError("USAGE", "--from is required with --smtp");
    const transport = smtpTransportOptions(email.smtp, ctx.env);
    const digest = createHash("sha256").update(ctx.parsed.source).digest("hex").slice(0, 16);
    // deterministic: the same post-mortem sent twice carries the same Message-ID, so mail clients can fold a repeat
    const messageId = `<debrief.${ctx.summary.id}.${digest}@debrief.invalid>`;
    const subject = `[Post-mortem] ${ctx.summary.severity} ${ctx.summary.id}: ${ctx.summary.title}`;
    const attachments: Array<Record<string, unknown>> = [];
    if (ctx.pdf) {
      attachments.push({
        filename: `${ctx.summary.id}-postmortem.pdf`,
        content: ctx.pdf,
        contentType: "application/pdf",
      });
    }
    if (ctx.ics) {
      attachments.push({
        filename: "follow-up-review.ics",
        content: ctx.ics.content,
        contentType: "text/calendar; charset=utf-8; method=REQUEST",
      });
    }
    const intro = `${ctx.options.link ? `Read online: ${ctx.options.link}\n\n` : ""}`;
    const message = {
      from: email.from,
      to: email.to,
      subject,
      messageId,
      text: `${intro}${ctx.markdown}`,
      html: ctx.html,
      attachments,
      headers: { "X-Debrief-Postmortem": ctx.summary.id },
    };
    return [
      {
        id: "email",
        channel: "email",
        description: `e-mail "${subject}" to ${email.to.join(", ")} through ${smtpLabel(email.smtp)}${ctx.pdf ? " with the PDF" : ""}${ctx.ics ? " and the follow-up invitation" : ""}`,
        preview: {
          from: email.from,
          to: email.to,
          subject,
          messageId,
          parts: ["text/plain", "text/html"],
          attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType })),
          text: message.text.slice(0, 600),
        },
        // SMTP has no idempotency: a second send is a second e-mail in every inbox
        idempotent: false,
        async run() {
          const transporter = nodemailer.createTransport(transport);
          try {
            const info = await transporter.sendMail(message);
            return { messageId: info.messageId, accepted: info.accepted, rejected: info.rejected };
          } catch (error) {
            throw new DebriefError(
              "NETWORK",
              `sending through ${smtpLabel(email.smtp)} failed: ${(error as Error).message}`,
            );
          } finally {
            transporter.close();
          }
        },
      },
    ];
  },
};
