/**
 * Every kind of event a tip's audit trail can hold. Writers name one of these
 * (db/queries/tip-events.ts takes no other), and the staff pages have a sentence for
 * each in Vietnamese and English (app/components/staff/audit-sentences.ts, checked by
 * tests/unit/app/audit-sentences.test.ts): a new kind of event is one entry here, one
 * sentence there, and its two translations.
 */
export const TIP_EVENT_TYPES = [
  // Intake and the pipeline
  "received", "located", "routed", "cluster_started", "clustered",
  // Every tip has an owner (docs/decisions/0055): the province duty desk places a tip, the migration that gave lost tips one
  "placed", "owner_assigned",
  // Officers
  "claimed", "valuable_marked", "rerouted", "closed", "question_sent", "identity_viewed", "deadline_extended",
  "identity_requested", "identity_request_approved", "identity_request_refused",
  // Extensions with approval and escalation (docs/decisions/0072-escalation.md)
  "extension_requested", "extension_approved", "extension_refused", "escalated",
  "cluster_merged", "cluster_joined", "cluster_split", "cluster_group_merged", "cluster_group_joined", "case_linked", "case_unlinked",
  "case_withdrawn",
  // Administrators
  "unit_retired",
  // The tipster, and retention
  "tipster_replied", "tipster_added_info", "status_changed", "content_purged",
] as const;

export type TipEventType = (typeof TIP_EVENT_TYPES)[number];
