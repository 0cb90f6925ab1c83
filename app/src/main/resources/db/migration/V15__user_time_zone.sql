-- pobsync schema: each user's display time zone for the panel (an IANA region such as
-- Europe/Amsterdam). NULL: the server's zone. Only pages use it; the API and the database keep
-- UTC.

ALTER TABLE app_user ADD COLUMN time_zone VARCHAR(64);
