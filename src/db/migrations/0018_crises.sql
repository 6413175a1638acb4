-- Crises: a named, dated operation with an area and a time window that groups its alerts (the first,
-- its Updates, its Cancel), its incidents and its advisory/post changes, and keeps accountability per
-- person across every message of it. Also departure assistance (requests, departures, assignments).

-- version is bumped by every operator action on the crisis (optimistic concurrency: If-Match).
CREATE TABLE crises (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  area jsonb NOT NULL,
  area_description text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  version integer NOT NULL DEFAULT 1,
  incident_id uuid,
  -- Escalation policy of the crisis; NULL = the defaults (WARDEN_ESCALATION_AFTER_MIN, _ROUNDS).
  after_minutes double precision CHECK (after_minutes > 0),
  max_rounds smallint CHECK (max_rounds BETWEEN 1 AND 10),
  opened_by uuid REFERENCES operators(id),
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_by uuid REFERENCES operators(id),
  closed_at timestamptz,
  -- What closing did with deliveries still queued: let them finish, or cancel them (an explicit choice).
  closed_deliveries text CHECK (closed_deliveries IN ('finish', 'cancel')),
  CHECK (ends_at IS NULL OR ends_at > starts_at),
  CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX crises_state ON crises (state, opened_at DESC);

-- The crisis's alerts; an alert belongs to at most one crisis. members_synced: its frozen recipients
-- were copied into crisis_members (done once, after it was published).
CREATE TABLE crisis_alerts (
  crisis_id uuid NOT NULL REFERENCES crises(id),
  alert_id uuid NOT NULL UNIQUE REFERENCES alerts(id),
  linked_by uuid REFERENCES operators(id),
  linked_at timestamptz NOT NULL DEFAULT now(),
  members_synced boolean NOT NULL DEFAULT false,
  PRIMARY KEY (crisis_id, alert_id)
);

CREATE TABLE crisis_incidents (
  crisis_id uuid NOT NULL REFERENCES crises(id),
  incident_id uuid NOT NULL,
  linked_by uuid REFERENCES operators(id),
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (crisis_id, incident_id)
);

-- Advisory and post-status changes, notes and other dated facts of the crisis's timeline.
CREATE TABLE crisis_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crisis_id uuid NOT NULL REFERENCES crises(id),
  kind text NOT NULL CHECK (kind IN ('advisory', 'post_status', 'note', 'opened', 'closed', 'policy', 'departure')),
  summary text NOT NULL CHECK (char_length(summary) <= 1000),
  ref text,
  -- The crisis version this event produced (a 409 lists the events after the caller's version).
  version integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES operators(id)
);
CREATE INDEX crisis_events_crisis ON crisis_events (crisis_id, at);

-- A person belongs to the crisis from the first of its alerts that reached them (joined_at, first_alert_id),
-- at the place of that alert's trip.
CREATE TABLE crisis_members (
  crisis_id uuid NOT NULL,
  traveller_id uuid NOT NULL,
  trip_id uuid,
  first_alert_id uuid NOT NULL,
  joined_at timestamptz NOT NULL,
  PRIMARY KEY (crisis_id, traveller_id)
);

-- "Need help" stays open until an operator handles it: a handling covers that person's answers up to
-- up_to_history_id; a later "need help" opens it again.
CREATE TABLE crisis_help_handled (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crisis_id uuid NOT NULL REFERENCES crises(id),
  traveller_id uuid NOT NULL,
  up_to_history_id bigint NOT NULL,
  note text NOT NULL CHECK (char_length(note) BETWEEN 1 AND 1000),
  handled_by uuid REFERENCES operators(id),
  handled_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX crisis_help_handled_person ON crisis_help_handled (crisis_id, traveller_id, up_to_history_id DESC);

-- Departure assistance: "I need help to leave" (one open request per person and crisis).
CREATE TABLE departure_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  crisis_id uuid NOT NULL REFERENCES crises(id),
  traveller_id uuid NOT NULL,
  party_size smallint NOT NULL CHECK (party_size BETWEEN 1 AND 50),
  phone text NOT NULL CHECK (char_length(phone) BETWEEN 3 AND 50),
  note text CHECK (char_length(note) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (crisis_id, traveller_id)
);

CREATE TABLE departures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  crisis_id uuid NOT NULL REFERENCES crises(id),
  kind text NOT NULL CHECK (kind IN ('flight', 'bus', 'convoy')),
  label text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 200),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  departs_at timestamptz NOT NULL,
  assembly_point text NOT NULL CHECK (char_length(assembly_point) BETWEEN 1 AND 500),
  -- The message alert that told the assigned people (sent through the alerts' outbox).
  notice_alert_id uuid REFERENCES alerts(id),
  created_by uuid REFERENCES operators(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX departures_crisis ON departures (crisis_id, departs_at);

CREATE TABLE departure_assignments (
  request_id uuid PRIMARY KEY REFERENCES departure_requests(id),
  departure_id uuid NOT NULL REFERENCES departures(id),
  assigned_by uuid REFERENCES operators(id),
  assigned_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX departure_assignments_departure ON departure_assignments (departure_id);

-- Per-crisis escalation reuses the per-alert escalation: an answer to ANY of these alerts counts as an
-- answer (NULL = this alert only). The crisis writes it for its alerts.
ALTER TABLE escalation_policies ADD COLUMN answered_on uuid[];

-- Erasing travellers erases their crisis data too (statement-level, as in 0002 and 0007).
CREATE FUNCTION crises_erase_travellers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM departure_assignments a USING departure_requests r, gone g WHERE a.request_id = r.id AND r.traveller_id = g.id;
  DELETE FROM departure_requests r USING gone g WHERE r.traveller_id = g.id;
  DELETE FROM crisis_help_handled h USING gone g WHERE h.traveller_id = g.id;
  DELETE FROM crisis_members m USING gone g WHERE m.traveller_id = g.id;
  RETURN NULL;
END $$;
CREATE TRIGGER travellers_erase_crisis_data AFTER DELETE ON travellers
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION crises_erase_travellers();
