-- Intake: CAP 1.2 alerts imported from other agencies are stored as intake documents of format 'cap'
-- (src/intake/cap-import.ts). Their content_hash is the sha256 of "cap" + sender + identifier, so the
-- same alert imported twice is stored once.
ALTER TABLE intake_documents DROP CONSTRAINT IF EXISTS intake_documents_format_check;
ALTER TABLE intake_documents ADD CONSTRAINT intake_documents_format_check CHECK (format IN ('text', 'html', 'feed', 'jsonl', 'cap'));
