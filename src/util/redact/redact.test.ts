import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRedactor, redact } from "./index.js";

// Test credentials are assembled from parts so the repository itself never contains a scannable secret.
const join = (...parts: string[]) => parts.join("");
const AWS = join("AKIA", "IOSFODNN7", "EXAMPLE");
const GHP = join("ghp_", "a".repeat(20), "B".repeat(16));
const GHPAT = join("github_pat_", "11ABCDEFG0", "x".repeat(40));
const SLACK = join("xox", "b-", "1234567890", "-", "abcdefghijKLMNOP");
const STRIPE = join("sk_", "live_", "4eC39HqLyjWDarjtT1zdp7dc");
const GCP = join("AIza", "SyD", "x".repeat(32));
const JWT = join(
  "eyJhbGciOiJIUzI1NiJ9",
  ".",
  "eyJzdWIiOiIxMjM0NTY3ODkwIn0",
  ".",
  "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
);
const PEM = join(
  "-----BEGIN ",
  "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nq4R5abc+/=\n-----END ",
  "RSA PRIVATE KEY-----",
);

describe("redact: secrets, one kind at a time", () => {
  it.each([
    ["aws-access-key", `using key ${AWS} for s3`, `using key [REDACTED:aws-access-key] for s3`],
    [
      "aws-secret-key",
      `aws_secret_access_key = ${join("wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY")}`,
      "aws_secret_access_key = [REDACTED:aws-secret-key]",
    ],
    ["gcp-api-key", `?key=${GCP}&q=1`, "?key=[REDACTED:gcp-api-key]&q=1"],
    [
      "github-token",
      `git clone https://${GHP}@github.com/acme/api`,
      "git clone https://[REDACTED:github-token]@github.com/acme/api",
    ],
    ["github-token", `GITHUB_TOKEN ${GHPAT} set`, "GITHUB_TOKEN [REDACTED:github-token] set"],
    ["slack-token", `slack token ${SLACK} rejected`, "slack token [REDACTED:slack-token] rejected"],
    ["stripe-key", `stripe.api_key(${STRIPE})`, "stripe.api_key([REDACTED:stripe-key])"],
    ["jwt", `cookie session=${JWT}; path=/`, "cookie session=[REDACTED:jwt]; path=/"],
    ["bearer-token", "Authorization: Bearer abcdef0123456789abcdef", "Authorization: Bearer [REDACTED:bearer-token]"],
    [
      "url-password",
      "connect postgres://app:s3cr3t-pw@db-1:5432/orders",
      "connect postgres://app:[REDACTED:url-password]@db-1:5432/orders",
    ],
    ["generic-secret", "retry with api_key=9f8e7d6c5b4a3210 ok", "retry with api_key=[REDACTED:generic-secret] ok"],
    ["generic-secret", '{"client_secret": "Zm9vYmFyYmF6cXV4MTIz"}', '{"client_secret": "[REDACTED:generic-secret]"}'],
    ["generic-secret", "GET /cb?token=a1b2c3d4e5f6&state=ok", "GET /cb?token=[REDACTED:generic-secret]&state=ok"],
    [
      "azure-key",
      `AccountName=acme;AccountKey=${"Q".repeat(30)}==;`,
      "AccountName=acme;AccountKey=[REDACTED:azure-key];",
    ],
    ["azure-key", `client secret ${join("abc", "8Q~", "x".repeat(32))} set`, "client secret [REDACTED:azure-key] set"],
    [
      "azure-key",
      `GET /c/b.txt?sv=2022-11-02&sig=${join("abcdEFGH", "1234%2Bxyz", "5678abcd")}&se=x`,
      "GET /c/b.txt?sv=2022-11-02&sig=[REDACTED:azure-key]&se=x",
    ],
    ["gcp-oauth-token", `token ${join("ya29.", "a0AfH6SMC", "x".repeat(30))}`, "token [REDACTED:gcp-oauth-token]"],
    [
      "slack-webhook",
      `post to ${join("https://hooks.slack.com/services/", "T0000AAAA/B0000BBBB/", "abcdefghijklmnopqrstuvwx")}`,
      "post to [REDACTED:slack-webhook]",
    ],
  ])("%s", (kind, input, expected) => {
    const r = redact(input);
    expect(r.text).toBe(expected);
    expect(r.counts).toEqual({ [kind]: 1 });
  });

  it("masks a multi-line PEM private key, and one cut short", () => {
    const r = redact(`config:\n${PEM}\nnext line`);
    expect(r.text).toBe("config:\n[REDACTED:private-key]\nnext line");
    const cut = redact(PEM.slice(0, 60));
    expect(cut.text).toBe("[REDACTED:private-key]");
    expect(redact(`"private_key": "${PEM.replace(/\n/g, "\\n")}"`).text).toBe(
      '"private_key": "[REDACTED:private-key]"',
    );
  });

  it("counts several kinds in one text", () => {
    const r = redact(`${AWS} and ${AWS} then Authorization: Bearer ${JWT}`);
    expect(r.counts).toEqual({ "aws-access-key": 2, "bearer-token": 1 });
    expect(r.text).not.toContain("AKIA");
    expect(r.text).not.toContain("eyJ");
  });
});

describe("redact: personal data only with pii", () => {
  const line = "login ok for dana.smith+ops@example.co.uk from 203.0.113.45 via 2001:db8::8a2e:370:7334";
  it("leaves PII alone by default", () => {
    expect(redact(line)).toEqual({ text: line, counts: {} });
  });
  it("masks emails and addresses with pii", () => {
    const r = redact(line, { pii: true });
    expect(r.text).toBe("login ok for [REDACTED:email] from [REDACTED:ipv4] via [REDACTED:ipv6]");
    expect(r.counts).toEqual({ email: 1, ipv4: 1, ipv6: 1 });
  });
  it("masks compressed and full IPv6 and leaves MACs, times and versions", () => {
    const r = redact(
      "peers ::1 fe80::1%eth0 2001:0db8:0000:0000:0000:ff00:0042:8329 mac 00:1a:2b:3c:4d:5e at 10:05:23 v1.2.3.4",
      {
        pii: true,
      },
    );
    expect(r.text).toBe(
      "peers [REDACTED:ipv6] [REDACTED:ipv6] [REDACTED:ipv6] mac 00:1a:2b:3c:4d:5e at 10:05:23 v1.2.3.4",
    );
  });
});

describe("redact: no false positives on ordinary log text", () => {
  const ordinary = [
    "2025-02-09T10:05:23.123Z ERROR [req=5f2b9c1e8a7d4e3f] upstream timed out (110: Connection timed out) while reading response header from upstream",
    '10.0.0.12 - - [09/Feb/2025:10:05:23 +0000] "GET /api/checkout?id=550e8400-e29b-41d4-a716-446655440000 HTTP/1.1" 503 0 "-" "Mozilla/5.0"',
    "deploy sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 image api:v2.3.0 commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
    '{"level":"warn","msg":"pool exhausted","waited_ms":2000,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"}',
    "token bucket refilled: tokens=120 max_tokens=200 password_changed=false secret_rotation=disabled",
    "Feb  9 10:05:23 db-2 postgres[812]: LOG:  checkpoint complete: wrote 1203 buffers (7.3%)",
    "user 'svc-api' authenticated with password: ******** (hidden)",
    "std::vector<int> resize; ratio 1:2:3; build 2025.02.09.1",
  ];
  it.each(ordinary)("leaves %s unchanged", (text) => {
    // with pii too, except where an address is really present
    const r = redact(text);
    expect(r).toEqual({ text, counts: {} });
  });

  it("never changes text without a credential-like token (property)", () => {
    const word = fc.stringMatching(/^[a-z]{1,10}$/);
    const hex = fc.stringMatching(/^[0-9a-f]{8,64}$/);
    const time = fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString());
    const uuid = fc.uuid();
    fc.assert(
      fc.property(fc.array(fc.oneof(word, hex, time, uuid), { maxLength: 12 }), (parts) => {
        const text = parts.join(" ");
        expect(redact(text).text).toBe(text);
      }),
    );
  });

  it("is idempotent and never leaves a known secret behind (property)", () => {
    const secret = fc.constantFrom(AWS, GHP, SLACK, STRIPE, JWT, GCP);
    const filler = fc.stringMatching(/^[a-z :=,.]{0,20}$/);
    fc.assert(
      fc.property(filler, secret, filler, (a, s, b) => {
        const once = redact(`${a} ${s} ${b}`);
        expect(once.text).not.toContain(s);
        expect(redact(once.text).text).toBe(once.text);
      }),
    );
  });
});

describe("createRedactor", () => {
  it("accumulates counts across excerpts", () => {
    const r = createRedactor({ pii: true });
    expect(r(`key ${AWS}`)).toBe("key [REDACTED:aws-access-key]");
    expect(r("mail ops@example.com")).toBe("mail [REDACTED:email]");
    expect(r(`again ${AWS}`)).toBe("again [REDACTED:aws-access-key]");
    expect(r.counts).toEqual({ "aws-access-key": 2, email: 1 });
  });
});
