-- Intake: source documents (stored once), incidents grouped from them, and actors merged across documents.

-- One row per distinct document text. Exact copies are refused by content_hash; re-worded copies
-- (5-gram Jaccard >= 0.8, found through shared MinHash bands) are stored and point at their original.
CREATE TABLE intake_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  content_hash text NOT NULL UNIQUE CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  near_bands text[] NOT NULL,
  duplicate_of uuid REFERENCES intake_documents(id),
  similarity double precision CHECK (similarity IS NULL OR similarity BETWEEN 0 AND 1),
  format text NOT NULL CHECK (format IN ('text', 'html', 'feed', 'jsonl')),
  title text,
  url text,
  published_at timestamptz,
  doc_date date,
  body text NOT NULL CHECK (body <> ''),
  extraction jsonb NOT NULL,
  ingested_by uuid REFERENCES operators(id),
  ingested_at timestamptz NOT NULL DEFAULT now(),
  CHECK (duplicate_of IS NULL OR duplicate_of <> id)
);
CREATE INDEX intake_documents_near_bands ON intake_documents USING gin (near_bands);
CREATE INDEX intake_documents_duplicate_of ON intake_documents (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- What intake found, for an operator to review. linked_alert_id has no foreign key on purpose:
-- alerts live in another domain's migration; the service checks the link when it is set.
CREATE TABLE incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'reviewed', 'dismissed', 'linked')),
  linked_alert_id uuid,
  title text NOT NULL,
  first_seen date NOT NULL,
  last_seen date NOT NULL,
  event_types text[] NOT NULL DEFAULT '{}',
  severity smallint NOT NULL CHECK (severity BETWEEN 1 AND 5),
  severity_reasons text[] NOT NULL DEFAULT '{}',
  country_codes text[] NOT NULL DEFAULT '{}',
  event_country_codes text[] NOT NULL DEFAULT '{}',
  places jsonb NOT NULL DEFAULT '[]',
  actors jsonb NOT NULL DEFAULT '[]',
  events jsonb NOT NULL DEFAULT '[]',
  timeline jsonb NOT NULL DEFAULT '[]',
  advice jsonb NOT NULL DEFAULT '{"departCountries": []}',
  review_note text,
  reviewed_by uuid REFERENCES operators(id),
  reviewed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (first_seen <= last_seen),
  CHECK ((status = 'linked') = (linked_alert_id IS NOT NULL))
);
CREATE INDEX incidents_status ON incidents (status, last_seen DESC);
CREATE INDEX incidents_country_codes ON incidents USING gin (country_codes);
CREATE INDEX incidents_window ON incidents (first_seen, last_seen);

CREATE TABLE incident_documents (
  incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  document_id uuid NOT NULL REFERENCES intake_documents(id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, document_id)
);
CREATE UNIQUE INDEX incident_documents_document ON incident_documents (document_id);

-- Actors across documents: one row per person/organisation/group, every spelling kept.
-- slug is the canonical name's slug ("person:mohammad-javad-zarif"); it changes when a fuller name is seen.
CREATE TABLE intake_actors (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('person', 'organization', 'group')),
  surface_forms text[] NOT NULL,
  acronym text,
  part_of uuid REFERENCES intake_actors(id),
  country_code char(2),
  titles text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX intake_actors_kind ON intake_actors (kind);

CREATE TABLE incident_actors (
  incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  actor_id uuid NOT NULL REFERENCES intake_actors(id),
  PRIMARY KEY (incident_id, actor_id)
);
CREATE INDEX incident_actors_actor ON incident_actors (actor_id);
