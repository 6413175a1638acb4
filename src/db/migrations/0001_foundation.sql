-- Foundation: extensions, operators and audit (auth), sites (geo), advisories, posts, travellers and trips.
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- auth ---------------------------------------------------------------------
CREATE TABLE operators (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'editor', 'approver', 'admin')),
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Tokens are stored only as SHA-256 hashes: a leaked table grants nothing.
CREATE TABLE operator_sessions (
  token_hash text PRIMARY KEY,
  operator_id uuid NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  operator_id uuid NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- Append-only; each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_log (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_label text NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text,
  before jsonb,
  after jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);

-- geo: operator-defined sites (a named point with a radius) ---------------------
CREATE TABLE sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  aliases text[] NOT NULL DEFAULT '{}',
  country_code char(2) NOT NULL,
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  radius_km double precision NOT NULL CHECK (radius_km > 0 AND radius_km <= 500),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- advisories: one per country, versioned ------------------------------------
CREATE TABLE advisories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  country_code char(2) NOT NULL,
  version integer NOT NULL,
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
  indicators text[] NOT NULL DEFAULT '{}' CHECK (indicators <@ ARRAY['C','T','U','H','N','E','K','D','O']),
  title text NOT NULL,
  summary text NOT NULL,
  body text NOT NULL DEFAULT '',
  exceptions jsonb NOT NULL DEFAULT '[]',
  state text NOT NULL CHECK (state IN ('draft', 'pending_approval', 'published', 'superseded')),
  created_by uuid REFERENCES operators(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  published_by uuid REFERENCES operators(id),
  published_at timestamptz,
  superseded_at timestamptz,
  UNIQUE (country_code, version)
);
-- Invariant: at most one published version per country.
CREATE UNIQUE INDEX advisories_one_published ON advisories (country_code) WHERE state = 'published';

-- posts: embassies and consulates ----------------------------------------------
CREATE TABLE posts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('embassy', 'consulate')),
  country_code char(2) NOT NULL,
  city text NOT NULL,
  lat double precision,
  lon double precision,
  contacts jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'limited', 'suspended', 'closed')),
  status_message text NOT NULL DEFAULT '',
  status_since timestamptz NOT NULL DEFAULT now(),
  do_not_approach boolean NOT NULL DEFAULT false,
  departure_posture text NOT NULL DEFAULT 'none' CHECK (departure_posture IN ('none', 'authorized', 'ordered')),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posts_country ON posts (country_code);

CREATE TABLE post_status_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  post_id uuid NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  status text NOT NULL,
  status_message text NOT NULL,
  do_not_approach boolean NOT NULL,
  departure_posture text NOT NULL,
  since timestamptz NOT NULL,
  changed_by uuid REFERENCES operators(id),
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX post_status_history_post ON post_status_history (post_id, id);

-- travellers and trips -----------------------------------------------------------
CREATE TABLE travellers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  full_name text NOT NULL,
  language text NOT NULL DEFAULT 'en',
  organisation text,
  emergency_contact jsonb,
  consent_at timestamptz NOT NULL,
  opted_out_at timestamptz,
  external_ref text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX travellers_name_trgm ON travellers USING gin (full_name gin_trgm_ops);

-- One row per way to reach a person. priority orders channels for escalation (lower first).
CREATE TABLE contact_points (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  traveller_id uuid NOT NULL REFERENCES travellers(id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'webhook', 'webpush')),
  address text NOT NULL,
  priority smallint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (traveller_id, channel, address)
);
-- An e-mail address identifies one person (it is how they sign in and how replies are matched);
-- phones and webhooks may be shared (a family phone, a company's security desk).
CREATE UNIQUE INDEX contact_points_email ON contact_points (address) WHERE channel = 'email';
CREATE INDEX contact_points_address ON contact_points (channel, address);

-- A trip is one destination for a span of time; ends_at NULL means resident (open end).
CREATE TABLE trips (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  traveller_id uuid NOT NULL REFERENCES travellers(id) ON DELETE CASCADE,
  country_code char(2) NOT NULL,
  subdivision_code text,
  city_id integer,
  place_name text NOT NULL,
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lon double precision CHECK (lon BETWEEN -180 AND 180),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at IS NULL OR ends_at >= starts_at),
  CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX trips_traveller ON trips (traveller_id);
-- "who is in country X during T": equality on country, range on start; ends_at filtered from the index.
CREATE INDEX trips_country_time ON trips (country_code, starts_at) INCLUDE (ends_at, traveller_id);
CREATE INDEX trips_subdivision_time ON trips (subdivision_code, starts_at) INCLUDE (ends_at, traveller_id) WHERE subdivision_code IS NOT NULL;
-- "who is within R km of P during T": a GiST index on the earth point answers earth_box(...) @> ll_to_earth(...).
CREATE INDEX trips_point ON trips USING gist (ll_to_earth(lat, lon)) WHERE lat IS NOT NULL;
