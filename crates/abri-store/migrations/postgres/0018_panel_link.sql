-- How a panel last spoke to us (`http` or `mqtt`): commands go back the same way.
-- Keep in step with migrations/sqlite/0018_panel_link.sql.
ALTER TABLE alarm_panels ADD COLUMN link TEXT NOT NULL DEFAULT 'http';
