-- Review of submitted alerts (reject with a reason, withdraw by the author), the CAP info fields the
-- composer did not store yet, and alert templates (saved per kind, one info block per language).

-- 'withdrawn': the author took the alert back before it was published; it is kept for the record.
ALTER TABLE alerts DROP CONSTRAINT alerts_state_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_state_check
  CHECK (state IN ('draft', 'pending_approval', 'published', 'updated', 'cancelled', 'withdrawn'));

-- The last rejection: shown to the author on the draft (the console's notification); the audit log keeps every one.
ALTER TABLE alerts ADD COLUMN rejected_reason text;
ALTER TABLE alerts ADD COLUMN rejected_by uuid REFERENCES operators(id);
ALTER TABLE alerts ADD COLUMN rejected_at timestamptz;
ALTER TABLE alerts ADD COLUMN withdrawn_at timestamptz;
-- CAP <info> fields beyond urgency/severity/certainty/effective/expires: onset, contact, web, audience.
ALTER TABLE alerts ADD COLUMN cap_info jsonb NOT NULL DEFAULT '{}';

CREATE TABLE alert_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('security_alert', 'demonstration_alert', 'health_alert', 'travel_advisory_change', 'message')),
  name text NOT NULL,
  urgency text NOT NULL DEFAULT 'Immediate' CHECK (urgency IN ('Immediate', 'Expected', 'Future', 'Past', 'Unknown')),
  severity text NOT NULL DEFAULT 'Severe' CHECK (severity IN ('Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown')),
  certainty text NOT NULL DEFAULT 'Observed' CHECK (certainty IN ('Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown')),
  -- [{language, event, headline, description, instruction}], first = default language.
  infos jsonb NOT NULL,
  created_by uuid REFERENCES operators(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, name)
);

-- The defaults a consular team starts from (the model case's three instructions), in English and Arabic.
INSERT INTO alert_templates (kind, name, urgency, severity, certainty, infos) VALUES
('security_alert', 'Depart immediately', 'Immediate', 'Extreme', 'Observed', '[
  {"language": "en", "event": "Security situation", "headline": "Depart the country immediately",
   "description": "The security situation has deteriorated sharply.",
   "instruction": "Depart immediately by commercial means while it is possible.\nDo not travel to the airport road.\nKeep a low profile and stay alert."},
  {"language": "ar", "event": "الوضع الأمني", "headline": "غادروا البلاد فوراً",
   "description": "تدهور الوضع الأمني بشكل حاد.",
   "instruction": "غادروا فوراً بالوسائل التجارية ما دام ذلك ممكناً.\nلا تسلكوا طريق المطار.\nابقوا بعيدين عن الأنظار وكونوا يقظين."}
]'),
('security_alert', 'Shelter in place', 'Immediate', 'Severe', 'Observed', '[
  {"language": "en", "event": "Security situation", "headline": "Shelter in place",
   "description": "There is fighting or unrest in the area.",
   "instruction": "Stay indoors, away from windows.\nDo not go out until told it is safe.\nFollow local media for updates."},
  {"language": "ar", "event": "الوضع الأمني", "headline": "احتموا في أماكنكم",
   "description": "تدور اشتباكات أو اضطرابات في المنطقة.",
   "instruction": "ابقوا في الداخل بعيداً عن النوافذ.\nلا تخرجوا حتى يُعلن أن الوضع آمن.\nتابعوا وسائل الإعلام المحلية."}
]'),
('security_alert', 'Do not approach the embassy', 'Immediate', 'Severe', 'Observed', '[
  {"language": "en", "event": "Embassy closed to the public", "headline": "Do not approach the embassy",
   "description": "Public consular operations are suspended until further notice.",
   "instruction": "Do not approach the embassy.\nFor emergencies, call the numbers below."},
  {"language": "ar", "event": "السفارة مغلقة أمام الجمهور", "headline": "لا تقتربوا من السفارة",
   "description": "عُلِّقت الخدمات القنصلية العامة حتى إشعار آخر.",
   "instruction": "لا تقتربوا من السفارة.\nفي حالات الطوارئ، اتصلوا بالأرقام أدناه."}
]'),
('demonstration_alert', 'Avoid demonstrations', 'Expected', 'Moderate', 'Likely', '[
  {"language": "en", "event": "Demonstration", "headline": "Avoid the demonstrations",
   "description": "Demonstrations are expected in the area.",
   "instruction": "Avoid the area of the demonstrations.\nEven peaceful gatherings can turn violent."},
  {"language": "ar", "event": "مظاهرة", "headline": "تجنبوا المظاهرات",
   "description": "يُتوقع تنظيم مظاهرات في المنطقة.",
   "instruction": "تجنبوا منطقة المظاهرات.\nحتى التجمعات السلمية قد تتحول إلى عنف."}
]');
