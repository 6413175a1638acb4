-- The local mailbox (delivery domain): with no real channel configured, messages are captured here
-- exactly as they would have been sent, one row per message (delivery id), per recipient and channel.
CREATE TABLE captured_messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id text NOT NULL UNIQUE,
  channel text NOT NULL,
  recipient text NOT NULL,
  subject text,
  body_text text NOT NULL,
  body_html text,
  sms_text text,
  payload jsonb,
  captured_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX captured_messages_newest ON captured_messages (captured_at DESC, id DESC);
CREATE INDEX captured_messages_recipient ON captured_messages (recipient);
