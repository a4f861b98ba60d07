/**
 * The Database interface Kysely types every query against.
 *
 * Conventions (docs/decisions/0002-portable-schema.md):
 * - timestamps are ISO-8601 UTC strings ("2026-10-03T14:30:00.000Z"), which sort
 *   and compare the same on SQLite and PostgreSQL;
 * - booleans are integers 0/1 (SQLite has no boolean type);
 * - JSON is stored as text and parsed by the query module that owns it.
 */
import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable, Updateable } from "kysely";

export type UnitLevel = "province" | "ward" | "special";
/** The lifecycle and its rules: domain/tip-lifecycle.ts. */
export type { TipStatus } from "../domain/tip-lifecycle";
import type { TipStatus } from "../domain/tip-lifecycle";
import type { MappingRow } from "../domain/unit-data";
export type TipChannel = "web" | "hotline" | "in_person" | "partner";
export type LocationKind = "ward" | "address" | "point" | "none";
export type ResolveMethod = "code" | "point" | "address" | "old-address" | "none";
export type OccurredPrecision = "exact" | "approximate" | "ongoing" | "unknown";
export type UserRole = "officer" | "supervisor" | "admin";
export type ActorKind = "system" | "tipster" | "partner" | "officer" | "supervisor" | "admin";

/** Integer 0/1 on both dialects. */
type Flag = number;

export interface UnitTable {
  code: string;
  name: string;
  name_folded: string;
  level: UnitLevel;
  parent_code: string | null;
  province_code: string;
  /** GeoJSON geometry (Polygon or MultiPolygon) as text, for wards with a boundary. */
  boundary: string | null;
  min_lng: number | null;
  min_lat: number | null;
  max_lng: number | null;
  max_lat: number | null;
  active: ColumnType<Flag, Flag | undefined, Flag>;
  /** Set when an administrator retired the unit (active = 0); it stays in history and figures (migration 20261207T0300). */
  retired_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** The unit that took over a retired unit's open tips and new tips. */
  successor_code: ColumnType<string | null, string | null | undefined, string | null>;
  /** After how many hours an untaken tip is reported to the unit's officers (migration 20261207T0710). */
  unclaimed_hours: ColumnType<number, number | undefined, number>;
}

/** An old→new ward mapping row (domain/unit-data.ts MappingRow) as stored. */
export interface WardMappingTable extends MappingRow {
  id: Generated<number>;
}

export interface CategoryTable {
  code: string;
  label_vi: string;
  label_en: string;
  description_vi: string;
  description_en: string;
  sort_order: number;
  active: ColumnType<Flag, Flag | undefined, Flag>;
}

export interface SourceOrgTable {
  code: string;
  name_vi: string;
  name_en: string;
  /** "association" (Hội Cựu chiến binh…) or "model" (tổ tự quản…). */
  kind: "association" | "model";
  province_code: string | null;
  active: ColumnType<Flag, Flag | undefined, Flag>;
  created_at: string;
}

export interface ClusterTable {
  id: Generated<number>;
  created_at: string;
  /** Number of tips in the cluster: "reported by N people". */
  size: number;
  /** Set when an officer merged clusters; the cluster it was merged into. */
  merged_into: number | null;
}

export interface TipTable {
  id: Generated<number>;
  /** argon2id of the 16-digit receipt under the deployment salt; never the receipt. */
  receipt_hash: string;
  external_ref: string | null;
  channel: TipChannel;
  api_key_id: number | null;
  category: string;
  description: string;
  description_folded: string;
  occurred_at: string | null;
  occurred_precision: OccurredPrecision;
  location_kind: LocationKind;
  location_ward_code: string | null;
  location_address: string | null;
  location_lat: number | null;
  location_lng: number | null;
  /** Province chosen by the tipster (picker) or implied by the channel. */
  location_province_code: string | null;
  /** AES-256-GCM ciphertext of {name, phone, email}; null for anonymous tips. */
  reporter_enc: string | null;
  /**
   * "salt:hash,hash": salted SHA-256 of the identifiers in the text that equal the
   * reporter's own phone, so the pipeline leaves them out of tip_entities. Null when none.
   */
  own_contact: ColumnType<string | null, string | null | undefined, string | null>;
  source_org_code: string | null;
  status: TipStatus;
  valuable: Flag | null;
  valuable_reason: string | null;
  ward_code: string | null;
  resolve_method: ResolveMethod | null;
  resolve_confidence: number | null;
  resolve_candidates: string | null;
  /** JSON: for a tip the pipeline could not place, its candidates with scores and words, and why (migration 20261207T0110). */
  resolve_detail: string | null;
  unit_code: string | null;
  cluster_id: number | null;
  claimed_by: number | null;
  claimed_at: string | null;
  deadline_at: string;
  first_triaged_at: string | null;
  closed_at: string | null;
  /** Receipt time, rounded to the minute (a second-precise time can be joined with network logs). */
  created_at: string;
  updated_at: string;
  /** Outbox: when the intake job was last handed to Redis (null = not yet). */
  enqueued_at: string | null;
  processed_at: string | null;
  purged_at: string | null;
  /** Dedupe time axis: the incident time, or the receipt time when none was given. */
  dedupe_at: string | null;
  /**
   * The size the queue orders the tip by, kept in step with clusters.size by triggers (migrations
   * 20261122T1500, 20261207T2000): exact below 128, then rounded down to a power of two
   * (domain/queue-priority.ts queueClusterSize). Pages show clusters.size (queries/clusters.ts clusterSizeOfTip).
   */
  cluster_size: ColumnType<number, number | undefined, number>;
  /** Generated priority rank of the queue: lower first (docs/decisions/0020-queue-order.md). */
  queue_rank: GeneratedAlways<number>;
}

export interface TipPhotoTable {
  id: Generated<number>;
  tip_id: number;
  message_id: number | null;
  /** Random file name under the uploads directory. */
  file_name: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  created_at: string;
}

export interface TipEventTable {
  id: Generated<number>;
  tip_id: number;
  at: string;
  actor_kind: ActorKind;
  actor_user_id: number | null;
  type: string;
  /** JSON object with the event's details. */
  data: string;
  prev_hash: string | null;
  hash: string;
}

export interface TipMessageTable {
  id: Generated<number>;
  tip_id: number;
  at: string;
  author: "officer" | "tipster";
  user_id: number | null;
  body: string;
}

export interface TipCopyTable {
  tip_id: number;
  unit_code: string;
  reason: string;
  created_at: string;
}

export interface RoutingRuleTable {
  id: Generated<number>;
  province_code: string;
  category: string;
  unit_code: string;
  mode: "route" | "copy";
  active: ColumnType<Flag, Flag | undefined, Flag>;
  created_at: string;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: UserRole;
  /** Supervisors: the province they oversee (null = the units in user_units). */
  province_code: string | null;
  disabled: ColumnType<Flag, Flag | undefined, Flag>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: string | null;
  /** 1 while the password is one an administrator handed out (migration 20261206T1800). */
  must_change_password: ColumnType<Flag, Flag | undefined, Flag>;
  /** The TOTP secret sealed with DATA_KEY (migration 20261207T0500); null = never enrolled. */
  totp_secret_enc: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the user confirmed their first code; null while enrolling. */
  totp_enabled_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** The last 30-second step whose code was accepted: that code and older ones are refused. */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  /** An administrator turned the second factor on for this user (officers). */
  totp_required: ColumnType<Flag, Flag | undefined, Flag>;
  /** May approve identity requests for their province (migration 20261207T0501). */
  identity_custodian: ColumnType<Flag, Flag | undefined, Flag>;
  /** Supervisors: 1 = every province, the Ministry's view (migration 20261207T0800); province_code is then null. */
  scope_national: ColumnType<Flag, Flag | undefined, Flag>;
  created_at: string;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  /** HMAC-SHA256 of the code under a key derived from DATA_KEY. */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export type IdentityRequestStatus = "pending" | "approved" | "refused" | "withdrawn";

export interface IdentityRequestTable {
  id: Generated<number>;
  tip_id: number;
  requester_id: number;
  reason: string;
  status: IdentityRequestStatus;
  created_at: string;
  decided_by: number | null;
  decided_at: string | null;
  note: string | null;
  /** While approved: the details show to the requester until then. */
  expires_at: string | null;
}

export interface UserUnitTable {
  user_id: number;
  unit_code: string;
}

export interface SessionTable {
  /** SHA-256 of the session token held in the cookie. */
  id_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** When this session passed the second factor; null = the password alone. */
  second_factor_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A resident's follow-up session, opened with a receipt (20 minutes idle). */
export interface ReceiptSessionTable {
  /** SHA-256 of the random token held in the HttpOnly cookie; never the receipt. */
  id_hash: string;
  tip_id: number;
  created_at: string;
  expires_at: string;
}

export interface ApiKeyTable {
  id: Generated<number>;
  name: string;
  channel: TipChannel;
  /** First characters of the key, to recognise it in lists. */
  prefix: string;
  key_hash: string;
  rate_limit_per_min: number;
  created_at: string;
  revoked_at: string | null;
  /** The one-time token of the form that created it: a resubmitted form creates nothing (migration 20261207T0300). */
  create_token: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface IdempotencyKeyTable {
  api_key_id: number;
  key: string;
  status: number;
  body: string;
  created_at: string;
}

export interface CaseTable {
  id: Generated<number>;
  unit_code: string;
  number: string;
  title: string;
  category: string;
  /** "charged" (khởi tố), "not_charged" (không khởi tố), "suspended" (tạm đình chỉ). */
  decision: "charged" | "not_charged" | "suspended" | null;
  decision_date: string | null;
  arrests: ColumnType<number, number | undefined, number>;
  arrested_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** A case entered by mistake, withdrawn: kept for history, its tip links removed (migration 20261207T0300). */
  withdrawn_at: ColumnType<string | null, string | null | undefined, string | null>;
  withdrawn_reason: ColumnType<string | null, string | null | undefined, string | null>;
  withdrawn_by: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface CaseTipTable {
  case_id: number;
  tip_id: number;
  created_at: string;
}

export interface CaseSeizureTable {
  id: Generated<number>;
  case_id: number;
  /** guns, primitive_weapons, explosives, drugs_g, money_vnd, vehicles, other */
  kind: string;
  quantity: number;
  note: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_user_id: number | null;
  type: string;
  data: string;
}

/** A tip an officer split from a cluster: the pipeline must not put it back into that cluster. */
/** An identifier found in a tip's text (domain/entities.ts); the reporter's own contact is never one. */
export interface TipEntityTable {
  tip_id: number;
  kind: string;
  value: string;
}

export interface ClusterExclusionTable {
  tip_id: number;
  cluster_id: number;
  created_by: number | null;
  created_at: string;
}

/** One staff notification for one officer (migration 20261207T0600): ids and times only, never tip content. */
export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  /** The unit the event happened in; the list shows only rows of the reader's current units. */
  unit_code: string;
  kind: string;
  /** The tip the event is about; null when it is about a hotspot alert (exactly one of the two: a CHECK, migration 20261207T0700). */
  tip_id: number | null;
  /** The hotspot alert the event is about (migration 20261207T0700). */
  alert_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** With user, kind and tip (or alert), what makes the event happen once (domain/notifications.ts notificationStep). */
  step: ColumnType<string, string | undefined, string>;
  created_at: string;
  read_at: string | null;
}

export type HotspotAlertState = "open" | "handled";

/**
 * A hotspot alert (migration 20261207T0700, docs/decisions/0070-hotspot-alerts.md): a type of
 * crime rising in one ward or two adjacent ones, from the day it was raised; the same row while it
 * continues. Vietnam days as YYYY-MM-DD.
 */
export interface HotspotAlertTable {
  id: Generated<number>;
  province_code: string;
  category: string;
  /** "20275" or "20242,20275" (code order): with province, type and raised_on, the alert's identity. */
  wards: string;
  ward_code: string;
  other_ward_code: string | null;
  raised_on: string;
  since: string;
  /** The last day the alert was current. */
  last_day: string;
  incidents: number;
  expected: number;
  rise: number;
  score: number;
  confidence: number;
  /** The rise size people were last told of (null: not yet). */
  notified_rise: number | null;
  state: ColumnType<HotspotAlertState, HotspotAlertState | undefined, HotspotAlertState>;
  handled_by: number | null;
  handled_at: string | null;
  handled_note: string | null;
  created_at: string;
  updated_at: string;
}

/** One day of an alert's evolution. */
export interface HotspotAlertDayTable {
  alert_id: number;
  day: string;
  /** Incidents in the ward(s) that day. */
  day_incidents: number;
  /** Since the start of the rise, through that day. */
  incidents: number;
  expected: number;
  rise: number;
  score: number;
}

/** The last day whose detection is recorded, per province. */
export interface HotspotProgressTable {
  province_code: string;
  last_day: string;
  updated_at: string;
}

/** A reminder step the scan has dealt with (migration 20261207T0600): its once-only key. */
export interface ReminderStepTable {
  tip_id: number;
  kind: string;
  /** The deadline reminded of. */
  step: string;
  created_at: string;
}

/** A user's choice of notifications by email (migration 20261207T0720; domain/notification-email.ts). */
export interface EmailPreferenceTable {
  user_id: number;
  delivery: "immediate" | "digest";
  /** Vietnam hour 0–23 of the daily digest. */
  digest_hour: number;
  /** Vietnam hours [from, to) when immediate emails wait; both null = none. */
  quiet_from: number | null;
  quiet_to: number | null;
  language: "vi" | "en";
  updated_at: string;
}

/** A kind of notification the user receives by email. */
export interface EmailPreferenceKindTable {
  user_id: number;
  kind: string;
}

/** The email outbox: one row per notification to be mailed (migration 20261207T0720). */
export interface NotificationEmailTable {
  notification_id: number;
  user_id: number;
  /** The notification's time: when the email is due follows from it and the preferences. */
  created_at: string;
  attempts: ColumnType<number, number | undefined, number>;
  retry_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** A worker holds the row until then while it sends: no other sends it meanwhile. */
  lease_until: ColumnType<string | null, string | null | undefined, string | null>;
  sent_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** 'sent', or 'dropped' when the user no longer wanted it by the time it was due. */
  outcome: ColumnType<"sent" | "dropped" | null, "sent" | "dropped" | null | undefined, "sent" | "dropped" | null>;
  /** The Vietnam day of the digest it went in; null for an immediate email. */
  digest_day: ColumnType<string | null, string | null | undefined, string | null>;
}

/** An officer an administrator named head of a unit (migration 20261207T0710). */
export interface UnitHeadTable {
  unit_code: string;
  user_id: number;
  created_at: string;
}

/** A tip brought to the unit's heads (step 1), then the province's supervisors (step 2), once per cause. */
export interface EscalationTable {
  tip_id: number;
  /** The overdue deadline, or "unclaimed:<unit>" (domain/escalation.ts). */
  cause: string;
  unit_code: string;
  step: number;
  step1_at: string;
  step2_at: string | null;
  /** Set when a step-1 escalation's cause went away before step 2. */
  resolved_at: string | null;
}

export type ExtensionRequestStatus = "pending" | "approved" | "refused";

/** A request to extend a tip's art. 147 deadline, decided by a supervisor or a unit head (migration 20261207T0710). */
export interface ExtensionRequestTable {
  id: Generated<number>;
  tip_id: number;
  requester_id: number;
  days: number;
  reason: string;
  previous_deadline_at: string;
  /** The deadline asked for. */
  deadline_at: string;
  status: ExtensionRequestStatus;
  created_at: string;
  decided_by: number | null;
  decided_at: string | null;
  note: string | null;
}

/** An extension of a tip's art. 147 deadline, with its reason. */
export interface DeadlineExtensionTable {
  id: Generated<number>;
  tip_id: number;
  days: number;
  reason: string;
  previous_deadline_at: string;
  deadline_at: string;
  user_id: number | null;
  created_at: string;
}

/**
 * Oversight summaries (migration 20261122T1600, docs/decisions/0031-oversight-rollup.md):
 * figures per Vietnam day ('d') or month ('m'), unit and grain; "*" = summed over.
 */
export interface OversightRollupTable {
  grain: string;
  res: "d" | "m";
  bucket: string;
  unit_code: string;
  category: string;
  channel: string;
  source_org: string;
  tips: number;
  incidents: number;
  valuable: number;
  valuable_incidents: number;
  /** Tips assessed (valuable 0 or 1), incidents assessed (migration 20261207T0200). */
  assessed: number;
  assessed_incidents: number;
  triaged: number;
  /** Sparse "bin:count" list of time-to-first-triage bins (domain/stats.ts). */
  triage_histogram: string;
  /** Tips received that day and not closed; and how many by their deadline's day ("2026-12-01:3,…"). */
  open: number;
  open_deadlines: string;
  cases: number;
  arrests: number;
  seized_guns: number;
  seized_primitive_weapons: number;
  seized_explosives: number;
  seized_drugs_g: number;
  seized_money_vnd: number;
  seized_vehicles: number;
  seized_other: number;
}

/**
 * Distinct incidents per Vietnam day, ward and type, above zero (migration 20261207T0950,
 * docs/decisions/0077): kept by the oversight refresher; what hotspot detection reads.
 */
export interface HotspotDayCountsTable {
  province_code: string;
  day: string;
  ward_code: string;
  category: string;
  incidents: number;
}

/** Written by triggers on tips, cases, case_tips and case_seizures: what the refresher must recompute. */
export interface OversightDirtyTable {
  id: Generated<number>;
  at: string | null;
  tip_id: number | null;
  cluster_id: number | null;
  case_id: number | null;
}

export interface OversightStateTable {
  id: number;
  /** Null until the first full rebuild. */
  rebuilt_at: string | null;
  refreshed_at: string | null;
  /** Null until `oversight_open` is filled; else the day below which its deadlines are folded (migration 20261207T1300). */
  open_folded_before: string | null;
}

/**
 * Open tips now per rollup key: the sum of the month rows' `open` and deadlines over the whole
 * history, deadlines before `oversight_state.open_folded_before` under "0000-01-01"
 * (migration 20261207T1300, docs/decisions/0084). Kept by the oversight refresher.
 */
export interface OversightOpenTable {
  grain: string;
  unit_code: string;
  source_org: string;
  channel: string;
  category: string;
  open: number;
  open_deadlines: string;
}

export type PlaceKind =
  | "market" | "school" | "hospital" | "station" | "industrial-park" | "beach" | "bridge" | "pagoda" | "church"
  | "tourist" | "street" | "other";
export type PlaceSuggestionStatus = "pending" | "accepted" | "rejected";

/** A landmark or street of a province, with the current ward(s) it lies in (issue 12). */
export interface PlaceTable {
  id: Generated<number>;
  province_code: string;
  /** NFC, as people write it ("Chợ Cồn"). */
  name: string;
  name_folded: string;
  kind: PlaceKind;
  /** JSON array of current ward codes; a street lists every ward it crosses. */
  ward_codes: string;
  /** JSON array of other names, folded ("cho con", "con market"). */
  aliases: string;
  /** Where the entry came from (seed file, an administrator, a duty-desk suggestion). */
  source: string;
  active: ColumnType<Flag, Flag | undefined, Flag>;
  created_at: string;
  updated_at: string;
}

/** A place phrase the duty desk offered when it routed an unplaced tip to a ward. */
export interface PlaceSuggestionTable {
  id: Generated<number>;
  province_code: string;
  phrase: string;
  phrase_folded: string;
  ward_code: string;
  tip_id: number | null;
  suggested_by: number | null;
  status: ColumnType<PlaceSuggestionStatus, PlaceSuggestionStatus | undefined, PlaceSuggestionStatus>;
  decided_by: number | null;
  /** The place it created or extended, once accepted. */
  place_id: number | null;
  created_at: string;
  decided_at: string | null;
}

/** How far a periodic scan has looked (migration 20261207T0730, docs/decisions/0081-scan-marks.md). */
export interface ScanMarkTable {
  name: string;
  /** Every row with its time before this has been dealt with. */
  looked_to: string;
  updated_at: string;
}

/** SQLite only (migration 20261207T2010, docs/decisions/0087): bumped by triggers when a ward's (`w:CODE`) or cluster's (`c:ID`) tips change. */
export interface DedupeVersionTable {
  key: string;
  version: number;
}

export interface Database {
  dedupe_versions: DedupeVersionTable;
  units: UnitTable;
  ward_mappings: WardMappingTable;
  categories: CategoryTable;
  source_orgs: SourceOrgTable;
  clusters: ClusterTable;
  tips: TipTable;
  tip_photos: TipPhotoTable;
  tip_events: TipEventTable;
  tip_messages: TipMessageTable;
  tip_copies: TipCopyTable;
  routing_rules: RoutingRuleTable;
  users: UserTable;
  user_units: UserUnitTable;
  sessions: SessionTable;
  recovery_codes: RecoveryCodeTable;
  identity_requests: IdentityRequestTable;
  receipt_sessions: ReceiptSessionTable;
  api_keys: ApiKeyTable;
  idempotency_keys: IdempotencyKeyTable;
  cases: CaseTable;
  case_tips: CaseTipTable;
  case_seizures: CaseSeizureTable;
  audit_log: AuditLogTable;
  cluster_exclusions: ClusterExclusionTable;
  tip_entities: TipEntityTable;
  deadline_extensions: DeadlineExtensionTable;
  notifications: NotificationTable;
  unit_heads: UnitHeadTable;
  escalations: EscalationTable;
  extension_requests: ExtensionRequestTable;
  reminder_steps: ReminderStepTable;
  scan_marks: ScanMarkTable;
  email_preferences: EmailPreferenceTable;
  email_preference_kinds: EmailPreferenceKindTable;
  notification_emails: NotificationEmailTable;
  hotspot_alerts: HotspotAlertTable;
  hotspot_alert_days: HotspotAlertDayTable;
  hotspot_progress: HotspotProgressTable;
  hotspot_day_counts: HotspotDayCountsTable;
  oversight_rollup: OversightRollupTable;
  oversight_dirty: OversightDirtyTable;
  oversight_state: OversightStateTable;
  oversight_open: OversightOpenTable;
  places: PlaceTable;
  place_suggestions: PlaceSuggestionTable;
}

export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type Tip = Selectable<TipTable>;
export type NewTip = Insertable<TipTable>;
export type TipUpdate = Updateable<TipTable>;
export type TipEvent = Selectable<TipEventTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type ApiKey = Selectable<ApiKeyTable>;
export type Case = Selectable<CaseTable>;
