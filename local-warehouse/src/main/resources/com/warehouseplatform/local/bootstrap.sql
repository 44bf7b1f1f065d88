-- Run once in the warehouse database when the local warehouse starts.
-- Redshift's system views and functions that the loader uses live in schema "sys",
-- which is on the database's search_path after "public".
CREATE SCHEMA IF NOT EXISTS sys;

-- Every database user reads these views unqualified, as in Redshift; the rows live in
-- tables of schema "local_warehouse", which only the admin (superuser) can reach.
GRANT USAGE ON SCHEMA sys TO PUBLIC;
CREATE SCHEMA IF NOT EXISTS local_warehouse;
REVOKE ALL ON SCHEMA local_warehouse FROM PUBLIC;

-- r_STL_LOAD_ERRORS: keyed by the STL query id (the Data API's RedshiftQueryId). CHAR columns
-- are blank-padded like Redshift's, so readers must TRIM them.
CREATE TABLE IF NOT EXISTS local_warehouse.stl_load_errors (
  userid          INTEGER,
  slice           INTEGER,
  tbl             INTEGER,
  starttime       TIMESTAMP,
  session         INTEGER,
  query           INTEGER,
  filename        CHARACTER(256),
  line_number     BIGINT,
  colname         CHARACTER(127),
  type            CHARACTER(10),
  col_length      CHARACTER(10),
  position        INTEGER,
  raw_line        CHARACTER(1024),
  raw_field_value CHARACTER(1024),
  err_code        INTEGER,
  err_reason      CHARACTER(100),
  is_partial      INTEGER,
  start_offset    BIGINT
);

-- SYS_LOAD_ERROR_DETAIL: keyed by the SYS query id, which differs from the STL one.
CREATE TABLE IF NOT EXISTS local_warehouse.sys_load_error_detail (
  user_id         INTEGER,
  query_id        BIGINT,
  transaction_id  BIGINT,
  session_id      INTEGER,
  database_name   CHARACTER(64),
  table_id        INTEGER,
  start_time      TIMESTAMP,
  file_name       CHARACTER(256),
  line_number     BIGINT,
  column_name     CHARACTER(127),
  column_type     CHARACTER(10),
  column_length   CHARACTER(10),
  position        INTEGER,
  error_code      INTEGER,
  error_message   CHARACTER(512)
);

-- "Visible to all users. Superusers can see all rows; regular users can see only their own
-- data" (cm_chap_system-tables). The views run with their owner's rights, so users need no
-- grant on the tables underneath.
CREATE OR REPLACE FUNCTION local_warehouse.sees_user(row_user INTEGER) RETURNS BOOLEAN
  LANGUAGE sql STABLE AS $$
    SELECT r.rolsuper OR r.oid::integer = row_user FROM pg_roles r WHERE r.rolname = current_user
  $$;

CREATE OR REPLACE VIEW sys.stl_load_errors AS
SELECT * FROM local_warehouse.stl_load_errors WHERE local_warehouse.sees_user(userid);

CREATE OR REPLACE VIEW sys.sys_load_error_detail AS
SELECT * FROM local_warehouse.sys_load_error_detail WHERE local_warehouse.sees_user(user_id);

GRANT SELECT ON sys.stl_load_errors, sys.sys_load_error_detail TO PUBLIC;

-- r_STL_LOAD_COMMITS: one row per file of a successful COPY, keyed by the STL query id.
CREATE TABLE IF NOT EXISTS local_warehouse.stl_load_commits (
  userid          INTEGER,
  query           INTEGER,
  slice           INTEGER,
  name            CHARACTER(256),
  filename        CHARACTER(256),
  byte_offset     INTEGER,
  lines_scanned   INTEGER,
  errors          INTEGER,
  curtime         TIMESTAMP,
  status          INTEGER,
  file_format     CHARACTER(16),
  is_partial      INTEGER,
  start_offset    BIGINT,
  copy_job_id     BIGINT
);

-- SYS_LOAD_HISTORY: one row per COPY, keyed by the SYS query id.
CREATE TABLE IF NOT EXISTS local_warehouse.sys_load_history (
  user_id            INTEGER,
  query_id           BIGINT,
  transaction_id     BIGINT,
  session_id         INTEGER,
  database_name      TEXT,
  status             TEXT,
  table_name         TEXT,
  start_time         TIMESTAMP,
  end_time           TIMESTAMP,
  duration           BIGINT,
  data_source        TEXT,
  file_format        TEXT,
  loaded_rows        BIGINT,
  loaded_bytes       BIGINT,
  source_file_count  INTEGER,
  source_file_bytes  BIGINT,
  file_count_scanned INTEGER,
  file_bytes_scanned BIGINT,
  error_count        BIGINT,
  copy_job_id        BIGINT
);

CREATE OR REPLACE VIEW sys.stl_load_commits AS
SELECT * FROM local_warehouse.stl_load_commits WHERE local_warehouse.sees_user(userid);

CREATE OR REPLACE VIEW sys.sys_load_history AS
SELECT * FROM local_warehouse.sys_load_history WHERE local_warehouse.sees_user(user_id);

GRANT SELECT ON sys.stl_load_commits, sys.sys_load_history TO PUBLIC;

-- GRANT ASSUMEROLE (r_GRANT): who may name which IAM role in COPY and the like. role_arn is
-- an ARN (or a role chain 'a,b'), 'default' or '*' (ON ALL); command is ALL, COPY, UNLOAD,
-- EXTERNAL FUNCTION or CREATE MODEL; grantee_kind is u(ser), g(roup), r(ole) or p(ublic).
-- Redshift's default, until "REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL", is the first row
-- (r_GRANT-usage-notes, ASSUMEROLE).
CREATE TABLE IF NOT EXISTS local_warehouse.assumerole_grants (
  grantee_kind CHAR(1)       NOT NULL,
  grantee      VARCHAR(128)  NOT NULL,
  role_arn     VARCHAR(2048) NOT NULL,
  command      VARCHAR(32)   NOT NULL,
  PRIMARY KEY (grantee_kind, grantee, role_arn, command)
);
INSERT INTO local_warehouse.assumerole_grants VALUES ('p', 'PUBLIC', '*', 'ALL')
  ON CONFLICT DO NOTHING;

-- HAS_ASSUMEROLE_PRIVILEGE([user,] iam_role_arn, cmd_type) (r_HAS_ASSUMEROLE_PRIVILEGE): a
-- superuser always holds it; else a grant to PUBLIC, to the user, or to a group or role the
-- user is a member of, on that role or on ALL, for that command or for ALL. Users may ask only
-- about themselves. SECURITY DEFINER, as users cannot read the grants table; session_user is
-- the caller, since a statement's connection is logged in as its user.
CREATE OR REPLACE FUNCTION sys.has_assumerole_privilege(username TEXT, role TEXT, cmd TEXT)
  RETURNS BOOLEAN LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  BEGIN
    IF username <> session_user
       AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
      RAISE EXCEPTION 'permission denied: users can only view their own ASSUMEROLE privileges'
        USING ERRCODE = '42501';
    END IF;
    RETURN (SELECT rolsuper FROM pg_roles WHERE rolname = username) OR EXISTS (
      SELECT 1 FROM local_warehouse.assumerole_grants g
      WHERE (g.role_arn = role OR g.role_arn = '*') AND g.command IN (upper(cmd), 'ALL')
        AND (g.grantee_kind = 'p'
             OR (g.grantee_kind = 'u' AND g.grantee = username)
             OR (g.grantee_kind IN ('g', 'r') AND EXISTS (
                   SELECT 1 FROM pg_roles r
                   WHERE r.rolname = g.grantee AND pg_has_role(username, r.oid, 'MEMBER')))));
  END $$;

CREATE OR REPLACE FUNCTION sys.has_assumerole_privilege(role TEXT, cmd TEXT)
  RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT sys.has_assumerole_privilege(session_user::text, role, cmd)
  $$;

-- information_schema.columns shows an IDENTITY column's default as Redshift does,
-- "identity"(<table oid>, <column index>, '<seed>,<step>'::text), so that code which skips
-- identity columns by their default works here too (LocalPostgres patches the view to call it).
CREATE OR REPLACE FUNCTION local_warehouse.identity_default(relid OID, attnum SMALLINT)
  RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT '"identity"(' || relid::bigint || ', ' || (attnum - 1) || ', '''
           || s.seqstart || ',' || s.seqincrement || '''::text)'
    FROM pg_depend d JOIN pg_sequence s ON s.seqrelid = d.objid
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
      AND d.refobjid = relid AND d.refobjsubid = attnum AND d.deptype = 'i'
  $$;

-- Redshift's functions: see redshift-functions.sql, run after this file.


-- The front door (PostgresFrontDoor) sends a statement the local warehouse refuses as a call of
-- this function, so that PostgreSQL itself raises the refusal (SQLSTATE 0A000) in protocol order;
-- the refused statement's parameters are passed along so that the client's Bind still matches.
CREATE OR REPLACE FUNCTION sys.local_warehouse_refuse(message TEXT,
    VARIADIC parameters TEXT[] DEFAULT '{}') RETURNS VOID
  LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION USING ERRCODE = 'feature_not_supported', MESSAGE = message;
  END
  $$;
