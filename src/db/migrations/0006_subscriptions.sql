-- Public e-mail subscriptions to countries' advisory and alert changes (double opt-in),
-- and the small mail queue that sends their confirmations and change notices.

-- confirm_token_hash = sha256 of a random 32-byte token; the token itself is only in the mail.
-- Unsubscribe tokens are derived (HMAC of the server secret and the subscription id) and never stored.
CREATE TABLE subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  -- Confirmed countries (what notices go out for) and the countries awaiting confirmation.
  countries text[] NOT NULL DEFAULT '{}',
  pending_countries text[] NOT NULL DEFAULT '{}',
  confirm_token_hash text UNIQUE,
  confirm_expires_at timestamptz,
  confirmed_at timestamptz,
  unsubscribed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscriptions_countries ON subscriptions USING gin (countries) WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL;

-- One row per mail. source identifies what the mail is about ('confirm:<n>', 'advisory:<id>', 'alert:<id>'),
-- unique per subscription so a notice is enqueued once however often the enqueuer runs.
CREATE TABLE subscription_mail (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id uuid NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
  source text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  last_error text,
  provider_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  UNIQUE (subscription_id, source)
);
CREATE INDEX subscription_mail_due ON subscription_mail (next_attempt_at) WHERE state = 'queued';
