/**
 * The notification channel editor's state and the ChannelInput it saves. The stored config
 * uses the notifier's keys (email: `to`, `from`, `smtp_host`, `smtp_port`, `smtp_user`, `tls`;
 * webhook: `url`); the password never comes back from the backend, only `hasPassword`.
 */
import type { ChannelDto, ChannelInput, JsonValue } from "../../bindings";

/** Kinds that can be added (the desktop channel is built in). */
export type ChannelKind = "email" | "webhook";
export type TlsMode = "starttls" | "tls" | "none";

export type ChannelForm = {
  name: string;
  kind: ChannelKind;
  host: string;
  port: string;
  tls: TlsMode;
  username: string;
  /** Typed in this form only; never loaded. */
  password: string;
  from: string;
  to: string;
  url: string;
};

export type ChannelErrors = Partial<Record<keyof ChannelForm, string>>;

export const EMPTY_CHANNEL: ChannelForm = {
  name: "",
  kind: "email",
  host: "",
  port: "587",
  tls: "starttls",
  username: "",
  password: "",
  from: "",
  to: "",
  url: "",
};

function obj(v: JsonValue): Record<string, JsonValue | undefined> {
  return v && typeof v === "object" && !Array.isArray(v) ? v : {};
}

function text(v: JsonValue | undefined): string {
  if (Array.isArray(v)) return v.map((x) => text(x)).join(", ");
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
}

/** A short description of a channel's configuration for the list. */
export function describeChannel(c: ChannelDto): string {
  const config = obj(c.config);
  switch (c.kind) {
    case "desktop":
      return "native notifications on this computer (built in)";
    case "email": {
      const user = text(config.smtp_user);
      return `to ${text(config.to) || "?"} via ${text(config.smtp_host) || "?"}:${text(config.smtp_port) || "?"} (${
        text(config.tls) || "starttls"
      })${user ? `, user ${user}` : ""}`;
    }
    case "webhook": {
      try {
        // The path and query often hold the webhook's token: show the host only.
        return `POST to ${new URL(text(config.url)).host}`;
      } catch {
        return "POST (no URL)";
      }
    }
    default:
      return c.kind;
  }
}

function looksLikeAddress(a: string): boolean {
  const at = a.indexOf("@");
  return at > 0 && at < a.length - 1 && !/[\s,;]/.test(a);
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export function validateChannel(form: ChannelForm): { input: ChannelInput | null; errors: ChannelErrors } {
  const errors: ChannelErrors = {};
  const name = form.name.trim();
  if (name === "") errors.name = "name: required";
  else if (!NAME.test(name)) errors.name = "name: 1 to 64 letters, digits, '-', '_' or '.'";
  let config: Record<string, JsonValue>;
  if (form.kind === "email") {
    const port = Number(form.port.trim());
    const host = form.host.trim();
    if (host === "") errors.host = "smtp_host: required (e.g. smtp.example.org)";
    else if (/[\s/]/.test(host) || host.includes("://")) errors.host = "smtp_host: a host name or IP address, without scheme or port";
    if (!/^\d+$/.test(form.port.trim()) || port < 1 || port > 65535) errors.port = "smtp_port: a number from 1 to 65535";
    const to = form.to.trim();
    if (to === "") errors.to = "to: required (the address notifications go to)";
    else if (!looksLikeAddress(to)) errors.to = `to: not an email address: '${to}' (one address)`;
    const from = form.from.trim();
    if (from !== "" && !looksLikeAddress(from)) errors.from = `from: not an email address: '${from}'`;
    const user = form.username.trim();
    if (form.password !== "" && user === "") errors.password = "password: needs a username (smtp_user)";
    config = { to, smtp_host: host, smtp_port: port, tls: form.tls };
    if (user !== "") config.smtp_user = user;
    if (from !== "") config.from = from;
  } else {
    let ok: boolean;
    try {
      const u = new URL(form.url.trim());
      ok = (u.protocol === "http:" || u.protocol === "https:") && u.host !== "";
    } catch {
      ok = false;
    }
    if (!ok) errors.url = "url: must be an http(s) URL";
    config = { url: form.url.trim() };
  }
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return {
    errors,
    input: {
      name,
      kind: form.kind,
      configJson: JSON.stringify(config),
      password: form.kind === "email" && form.password !== "" ? form.password : null,
    },
  };
}
