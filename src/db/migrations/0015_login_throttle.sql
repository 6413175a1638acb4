-- Sign-in throttling without a lock-out button (issue 12 findings 9, 19). Failures are counted per
-- account (the e-mail's SHA-256, whether or not such an operator exists, so known and unknown accounts
-- behave alike) and per client address. Past the account threshold a password alone no longer signs in:
-- it also needs a current TOTP code or the one-time unlock code e-mailed to the operator; the account is
-- never locked. The per-address count adds a progressive delay.
CREATE TABLE login_throttle (
  subject text PRIMARY KEY CHECK (subject ~ '^(account|address):'),
  failures integer NOT NULL CHECK (failures > 0),
  last_failure_at timestamptz NOT NULL,
  unlock_hash text,
  unlock_expires_at timestamptz,
  unlock_sent_at timestamptz
);

-- The old hard lock (5 failures → 15 minutes refused, whatever the password) is gone.
ALTER TABLE operators DROP COLUMN failed_logins, DROP COLUMN locked_until;
