-- Itineraries pushed by travel agencies and HR systems (or imported from a booking's ICS):
-- every trip of one booking carries the booking's external reference, so pushing it again
-- replaces those trips instead of adding copies.
ALTER TABLE trips ADD COLUMN itinerary_ref text;
CREATE INDEX trips_itinerary_ref ON trips (itinerary_ref) WHERE itinerary_ref IS NOT NULL;

-- Delivery receipts: the provider confirmed the message reached the handset or mailbox.
-- (Bounces set state 'bounced', which accountability already counts as not reachable.)
ALTER TABLE deliveries ADD COLUMN delivered_at timestamptz;
-- SMS receipts name the provider's message id; sent rows only, so bulk inserts never touch it.
CREATE INDEX deliveries_provider_id ON deliveries (provider_id) WHERE provider_id IS NOT NULL;
