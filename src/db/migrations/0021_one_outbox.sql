-- One outbox for every message Warden sends (issue 13). The deliveries table, which alerts, their
-- escalation rounds and departure notices already used, gets a kind; messages that are not an alert to
-- one of its recipients (duty officers' "need help" notices, subscribers' confirmations and change
-- notices, traveller sign-in links, enrolment confirmations, operators' unlock codes) are rows of the
-- same table with alert_id NULL (traveller_id too, but for sign-in and enrolment rows) and their message in `content`. The same claim, lease,
-- renewal, retry, rate limit and duplicate bound (src/delivery/outbox.ts) apply to every kind.
--
-- The hot path does not change: the publish INSERT … SELECT writes the same columns (kind takes its
-- default; new columns are NULL, which PostgreSQL stores in the null bitmap the rows already have), and
-- the claim still walks deliveries_due. The only new index is partial on dedupe_key IS NOT NULL, so
-- alert rows (dedupe_key NULL) are never entered into it.
ALTER TABLE deliveries ADD COLUMN kind text NOT NULL DEFAULT 'alert'
  CHECK (kind IN ('alert', 'duty', 'subscription_confirm', 'subscription_notice', 'sign_in', 'enrolment', 'operator_unlock'));
ALTER TABLE deliveries ALTER COLUMN alert_id DROP NOT NULL;
ALTER TABLE deliveries ALTER COLUMN traveller_id DROP NOT NULL;
-- The message of a non-alert row, as its domain composed it: {subject, text, html?, headers?, payload?}
-- plus what its kind needs at send time (a subscription's id for the unsubscribe link, derived, never stored).
ALTER TABLE deliveries ADD COLUMN content jsonb;
-- What makes a non-alert message unique ('subscription:<id>:<source>', 'duty:<history id>:<target>'):
-- queueing it again is a no-op, so the periodic jobs that queue them may run anywhere, any number of times.
ALTER TABLE deliveries ADD COLUMN dedupe_key text;
CREATE UNIQUE INDEX deliveries_dedupe_key ON deliveries (dedupe_key) WHERE dedupe_key IS NOT NULL;
-- A sign-in link or an enrolment confirmation names its traveller (so erasing the person erases it, below);
-- no other non-alert row names one. Every query that reads an alert's rows selects by alert_id, which
-- non-alert rows never have.
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_shape CHECK (
  CASE WHEN kind = 'alert' THEN alert_id IS NOT NULL AND traveller_id IS NOT NULL
       ELSE alert_id IS NULL AND round = 1 AND (traveller_id IS NULL OR kind IN ('sign_in', 'enrolment')) END);
-- Unsubscribing cancels the subscription's queued notices (src/feeds/subscriptions.ts).
CREATE INDEX deliveries_subscription ON deliveries ((content->>'subscriptionId')) WHERE kind IN ('subscription_confirm', 'subscription_notice');

-- Subscribers' mail: every row moves, sent ones too — their dedupe keys are what stops the notice job
-- from mailing the last seven days' changes again. Confirmation bodies were blanked once sent, as before.
INSERT INTO deliveries (kind, channel, address, state, attempts, next_attempt_at, last_error, provider_id, created_at, sent_at, finished_at, content, dedupe_key)
SELECT CASE WHEN m.source LIKE 'confirm:%' THEN 'subscription_confirm' ELSE 'subscription_notice' END,
       'email', s.email,
       CASE m.state WHEN 'sending' THEN 'queued' ELSE m.state END,
       m.attempts, m.next_attempt_at, m.last_error, m.provider_id, m.created_at, m.sent_at,
       CASE WHEN m.state IN ('sent', 'failed') THEN coalesce(m.sent_at, m.created_at) END,
       jsonb_build_object('subject', m.subject, 'text', m.body, 'subscriptionId', m.subscription_id::text),
       'subscription:' || m.subscription_id || ':' || m.source
  FROM subscription_mail m JOIN subscriptions s ON s.id = m.subscription_id;
DROP TABLE subscription_mail;

-- Duty notices are not moved. Their targets (WARDEN_DUTY_EMAILS, WARDEN_DUTY_WEBHOOK_URL) are configuration,
-- which SQL cannot read, and a new duty row needs them as its address. What is lost is narrow: notices
-- still 'pending' at the upgrade (under a minute old, or stuck behind a relay that was down). The answer
-- itself is not lost — it stays in checkins and checkin_history, and the board and the crisis room list
-- everyone who needs help. Sent and failed notices are history that nothing reads.
DROP TABLE duty_notifications;

-- Erasing travellers (0007's function, without the dropped table): their answers go, the duty notices
-- still queued for those answers fail (nothing left to tell), and their sign-in and enrolment rows keep
-- the count but lose the address and the link. A one-time link's content is also blanked as soon as its
-- row finishes (src/delivery/outbox.ts, recordOutcomes).
CREATE OR REPLACE FUNCTION checkins_erase_travellers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deliveries d SET state = 'failed', last_error = 'person erased', finished_at = now(), lease_until = NULL, leased_by = NULL
    FROM checkin_history h, gone g
   WHERE d.kind = 'duty' AND d.state IN ('queued', 'sending') AND h.traveller_id = g.id AND (d.content->>'historyId')::bigint = h.id;
  UPDATE deliveries d SET address = '[erased]', content = NULL, provider_id = NULL, lease_until = NULL, leased_by = NULL,
         state = CASE WHEN d.state IN ('queued', 'sending') THEN 'failed' ELSE d.state END,
         last_error = CASE WHEN d.state IN ('queued', 'sending') THEN 'recipient erased' ELSE NULL END,
         finished_at = coalesce(d.finished_at, now()), traveller_id = NULL
    FROM gone g WHERE d.kind IN ('sign_in', 'enrolment') AND d.traveller_id = g.id;
  DELETE FROM checkins c USING gone g WHERE c.traveller_id = g.id;
  DELETE FROM checkin_history h USING gone g WHERE h.traveller_id = g.id;
  RETURN NULL;
END $$;
