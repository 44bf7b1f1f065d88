-- The table of the web-events loader (JSON, append).
CREATE SCHEMA IF NOT EXISTS web;

CREATE TABLE IF NOT EXISTS web.events (
    event_id     VARCHAR(64)   NOT NULL,
    user_id      BIGINT,
    event_type   VARCHAR(64),
    page         VARCHAR(2048),
    occurred_at  TIMESTAMP
)
DISTSTYLE EVEN
SORTKEY (occurred_at);
