-- The demo's scenario clock (demo domain): the moment the demo data replays, written once by the demo
-- loader. The console reads "now" from it (header, the composer's time window) while it holds the demo;
-- a database without the demo has no row and the console works in real time.
CREATE TABLE demo_scenario (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  name text NOT NULL,
  as_of timestamptz NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
