import type { RawEvent } from "../model/event.js";

/**
 * Impact in the terms people use: who was affected and what it cost. Failed requests and error lines that carry a
 * user, customer or tenant id, or an amount (an order total, a payment), are accounted per minute, so the analysis
 * can sum them over the incident's own span. Memory stays bounded: ids are capped per source, amounts are summed
 * per minute and currency.
 */

/** Failed transactions of one source. */
export interface FailedTransactions {
  /** minute → failed transactions that carried an amount, and their sums by currency ("" when none is named). */
  perMinute: Map<number, { count: number; sums: Record<string, number> }>;
  /** Affected id → [first, last] failure (raw ms). Capped at {@link MAX_IDS}. */
  ids: Map<string, [number, number]>;
  /** The attribute the ids came from (`user_id`, `customer`...), the first seen. */
  idField: string | null;
  /** Ids not tracked because the cap was reached. */
  idsDropped: number;
}

/** Distinct affected ids tracked per source. */
export const MAX_IDS = 50_000;

const ID_FIELDS = [
  "user_id",
  "userId",
  "user",
  "customer_id",
  "customerId",
  "customer",
  "tenant_id",
  "tenantId",
  "tenant",
  "account_id",
  "accountId",
  "merchant_id",
  "merchantId",
] as const;
const AMOUNT_FIELDS = [
  "amount",
  "total",
  "order_total",
  "orderTotal",
  "total_amount",
  "price",
  "value_amount",
] as const;
const CURRENCY_FIELDS = ["currency", "currency_code", "currencyCode", "ccy"] as const;
/** "amount=12.50 EUR", "amount: 12.50", "total=€12.50" in free text. */
const AMOUNT_TEXT =
  /\b(?:amount|total|order_total)[=:]\s*["']?([€$£]?)(\d+(?:\.\d+)?)["']?(?:\s*([A-Z]{3})\b)?|\b(?:currency)[=:]\s*["']?([A-Z]{3})\b/g;
const ID_TEXT = /\b(user|customer|tenant|account|merchant)(?:_id|Id)?[=:]\s*["']?([\w@.-]{2,64})/;
const SYMBOL: Record<string, string> = { "€": "EUR", $: "USD", "£": "GBP" };

/** No failed transactions yet. */
export function emptyTransactions(): FailedTransactions {
  return { perMinute: new Map(), ids: new Map(), idField: null, idsDropped: 0 };
}

function scalar(v: unknown): string | null {
  if (typeof v === "string") return v.trim() || null;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

/** Account a failed request or error line: its affected id and amount, when it carries them. */
export function countTransaction(t: FailedTransactions, ev: Pick<RawEvent, "ts" | "message" | "attributes">): void {
  const a = ev.attributes;
  let id: string | null = null;
  let field: string | null = null;
  for (const f of ID_FIELDS) {
    const v = scalar(a[f]);
    if (v !== null) {
      id = v;
      field = f;
      break;
    }
  }
  let amount: number | null = null;
  let currency = "";
  for (const f of AMOUNT_FIELDS) {
    const v = a[f];
    const n =
      typeof v === "number" ? v : typeof v === "string" && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : Number.NaN;
    if (Number.isFinite(n)) {
      amount = n;
      break;
    }
  }
  for (const f of CURRENCY_FIELDS) {
    const v = scalar(a[f]);
    if (v !== null && /^[A-Za-z]{3}$/.test(v)) {
      currency = v.toUpperCase();
      break;
    }
  }
  // Free text only when the structured fields said nothing (key=value lines that no reader split).
  if ((amount === null || id === null) && /amount|total|user|customer|tenant|account|merchant/i.test(ev.message)) {
    if (amount === null) {
      for (const m of ev.message.matchAll(AMOUNT_TEXT)) {
        if (m[2] !== undefined && amount === null) {
          amount = Number(m[2]);
          if (m[1]) currency ||= SYMBOL[m[1]] ?? "";
          if (m[3]) currency ||= m[3];
        } else if (m[4]) currency ||= m[4];
      }
    }
    if (id === null) {
      const m = ID_TEXT.exec(ev.message);
      if (m?.[2]) {
        id = m[2];
        field = m[1] ?? null;
      }
    }
  }
  if (id !== null) {
    t.idField ??= field;
    const seen = t.ids.get(id);
    if (seen) {
      if (ev.ts < seen[0]) seen[0] = ev.ts;
      if (ev.ts > seen[1]) seen[1] = ev.ts;
    } else if (t.ids.size < MAX_IDS) t.ids.set(Buffer.from(id).toString(), [ev.ts, ev.ts]);
    else t.idsDropped++;
  }
  if (amount !== null) {
    const minute = Math.floor(ev.ts / 60_000);
    let m = t.perMinute.get(minute);
    if (!m) t.perMinute.set(minute, (m = { count: 0, sums: {} }));
    m.count++;
    m.sums[currency] = (m.sums[currency] ?? 0) + amount;
  }
}

/** Failed transactions and affected ids between two raw times. */
export function transactionsBetween(
  t: FailedTransactions,
  from: number,
  to: number,
): { transactions: number; sums: Record<string, number>; affected: number } {
  let transactions = 0;
  const sums: Record<string, number> = {};
  for (const [minute, m] of t.perMinute) {
    const at = minute * 60_000;
    if (at + 60_000 <= from || at > to) continue;
    transactions += m.count;
    for (const [c, v] of Object.entries(m.sums)) sums[c] = (sums[c] ?? 0) + v;
  }
  let affected = 0;
  for (const [first, last] of t.ids.values()) if (first <= to && last >= from) affected++;
  return { transactions, sums, affected };
}
