/**
 * Zone abbreviations read inside timestamps (`... 10:05:23 CEST 2025`) and their offsets.
 * @module
 */

/**
 * Zone abbreviations with one widely agreed meaning (RFC 822 plus common European/Asian ones). Ambiguous ones like
 * `IST` are left out on purpose: a wrong offset is worse than using the configured zone.
 */
const ZONE_ABBREVIATIONS: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  UT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  JST: 540,
  KST: 540,
  HKT: 480,
  SGT: 480,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
  // Australia's central and western zones, southern and eastern Africa, South and South-East Asia, Newfoundland and
  // the Atlantic provinces in summer, Brazil, Hawaii-Aleutian summer (each with one meaning in the tz database)
  ACST: 570,
  ACDT: 630,
  AWST: 480,
  SAST: 120,
  EAT: 180,
  PKT: 300,
  ICT: 420,
  WIB: 420,
  NST: -210,
  NDT: -150,
  ADT: -180,
  BRT: -180,
  HDT: -540,
};

/** Offset in minutes for a zone abbreviation like `UTC` or `PST`, or undefined when unknown/ambiguous. */
export function zoneAbbreviationOffset(abbrev: string): number | undefined {
  return ZONE_ABBREVIATIONS[abbrev];
}
