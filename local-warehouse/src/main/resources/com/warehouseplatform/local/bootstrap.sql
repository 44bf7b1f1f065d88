-- Run once in the warehouse database when the local warehouse starts.
-- Redshift's system views and functions that the loader uses live in schema "sys",
-- which is on the database's search_path after "public".
CREATE SCHEMA IF NOT EXISTS sys;

CREATE TABLE IF NOT EXISTS sys.sys_load_error_detail (
  user_id        INTEGER,
  query_id       BIGINT        NOT NULL,
  transaction_id BIGINT,
  session_id     INTEGER,
  database_name  VARCHAR(64),
  table_id       INTEGER,
  start_time     TIMESTAMP     NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
  file_name      VARCHAR(1280) NOT NULL,
  line_number    BIGINT        NOT NULL,
  column_name    VARCHAR(127)  NOT NULL DEFAULT '',
  column_type    VARCHAR(128)  NOT NULL DEFAULT '',
  column_length  VARCHAR(10)   NOT NULL DEFAULT '',
  position       INTEGER,
  error_code     INTEGER       NOT NULL,
  error_message  VARCHAR(512)  NOT NULL,
  raw_line       VARCHAR(1024),
  raw_field_value VARCHAR(1024)
);

CREATE OR REPLACE VIEW sys.stl_load_errors AS
SELECT user_id AS userid, 0 AS slice, table_id AS tbl, start_time AS starttime,
       session_id AS session, query_id AS query, file_name AS filename, line_number,
       column_name AS colname, column_type AS type, column_length AS col_length, position,
       raw_line, raw_field_value, error_code AS err_code, error_message AS err_reason
FROM sys.sys_load_error_detail;

CREATE OR REPLACE FUNCTION sys.getdate() RETURNS TIMESTAMP
  LANGUAGE sql STABLE AS $$ SELECT date_trunc('second', now() AT TIME ZONE 'UTC')::timestamp $$;

CREATE SCHEMA IF NOT EXISTS ops;

CREATE TABLE IF NOT EXISTS ops.load_ledger (
  loader      VARCHAR(128)  NOT NULL,
  object_key  VARCHAR(1024) NOT NULL,
  etag        VARCHAR(128)  NOT NULL,
  size_bytes  BIGINT        NOT NULL,
  batch_id    VARCHAR(64)   NOT NULL,
  loaded_at   TIMESTAMP     NOT NULL
);
