-- Redshift's catalog views that users and tools read, where the local warehouse can fill them
-- honestly: what it cannot know is NULL, never made up. Run after bootstrap.sql at every start.

-- The table design a CREATE TABLE declared (DISTSTYLE, DISTKEY, SORTKEY, ENCODE), which
-- PostgreSQL does not keep: RedshiftDialect (TableDesign) drops those clauses and writes what was
-- declared in a comment "/*local_warehouse.table_design {json}*/" at the end of the statement;
-- the event trigger below reads it from the statement text.
CREATE TABLE IF NOT EXISTS local_warehouse.table_design (
  table_id     OID PRIMARY KEY,
  created_at   TIMESTAMP NOT NULL,
  diststyle    TEXT,        -- KEY, EVEN, ALL, AUTO; NULL: not declared (Redshift's AUTO)
  sortstyle    TEXT,        -- COMPOUND, INTERLEAVED, AUTO; NULL: not declared (AUTO)
  encode_auto  BOOLEAN NOT NULL  -- no column declared an ENCODE (r_CREATE_TABLE_NEW: ENCODE AUTO)
);
CREATE TABLE IF NOT EXISTS local_warehouse.column_design (
  table_id  OID,
  attnum    SMALLINT,
  encoding  TEXT,
  distkey   BOOLEAN NOT NULL DEFAULT false,
  sortkey   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (table_id, attnum)
);

CREATE OR REPLACE FUNCTION local_warehouse.column_number(relid OID, col TEXT, clause TEXT)
  RETURNS SMALLINT LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
  DECLARE n SMALLINT;
  BEGIN
    SELECT attnum INTO n FROM pg_attribute
    WHERE attrelid = relid AND attname = col AND attnum > 0 AND NOT attisdropped;
    IF n IS NULL THEN
      RAISE EXCEPTION 'column "%" named in % does not exist', col, clause USING ERRCODE = '42703';
    END IF;
    RETURN n;
  END $$;

CREATE OR REPLACE FUNCTION local_warehouse.record_table_design() RETURNS event_trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
  DECLARE
    created RECORD;
    found TEXT[];
    design JSONB;
    entry RECORD;
    col SMALLINT;
  BEGIN
    FOR created IN
      SELECT c.oid, c.relname, n.nspname FROM pg_event_trigger_ddl_commands() d
      JOIN pg_class c ON c.oid = d.objid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE d.object_type = 'table' AND d.command_tag IN ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO')
        AND c.relkind IN ('r', 'p')
    LOOP
      design := NULL;
      FOR found IN SELECT regexp_matches(current_query(),
          '/\*local_warehouse\.table_design (\{.*?\})\*/', 'g') LOOP
        IF (found[1]::jsonb)->>'table' = created.relname
           AND coalesce((found[1]::jsonb)->>'schema', created.nspname) = created.nspname THEN
          design := found[1]::jsonb;
        END IF;
      END LOOP;
      DELETE FROM local_warehouse.column_design WHERE table_id = created.oid;
      INSERT INTO local_warehouse.table_design VALUES (created.oid,
          statement_timestamp() AT TIME ZONE 'UTC', design->>'diststyle', design->>'sortstyle',
          coalesce(design->'encode' = '{}'::jsonb, true))
        ON CONFLICT (table_id) DO UPDATE SET created_at = excluded.created_at,
          diststyle = excluded.diststyle, sortstyle = excluded.sortstyle,
          encode_auto = excluded.encode_auto;
      IF design IS NULL THEN
        CONTINUE;
      END IF;
      FOR entry IN SELECT key, value FROM jsonb_each_text(design->'encode') LOOP
        col := local_warehouse.column_number(created.oid, entry.key, 'ENCODE');
        INSERT INTO local_warehouse.column_design (table_id, attnum, encoding)
          VALUES (created.oid, col, CASE WHEN entry.value = 'raw' THEN 'none' ELSE entry.value END)
          ON CONFLICT (table_id, attnum) DO UPDATE SET encoding = excluded.encoding;
      END LOOP;
      IF design->>'distkey' IS NOT NULL THEN
        col := local_warehouse.column_number(created.oid, design->>'distkey', 'DISTKEY');
        INSERT INTO local_warehouse.column_design (table_id, attnum, distkey)
          VALUES (created.oid, col, true)
          ON CONFLICT (table_id, attnum) DO UPDATE SET distkey = true;
      END IF;
      -- r_PG_TABLE_DEF: a compound sort key numbers its columns 1, 2, ...; an interleaved one
      -- alternates the sign (1, -2, 3, ...)
      FOR entry IN SELECT value, ordinality::int AS position
          FROM jsonb_array_elements_text(design->'sortkey') WITH ORDINALITY LOOP
        col := local_warehouse.column_number(created.oid, entry.value, 'SORTKEY');
        INSERT INTO local_warehouse.column_design (table_id, attnum, sortkey)
          VALUES (created.oid, col, CASE WHEN design->>'sortstyle' = 'INTERLEAVED'
                                          AND entry.position % 2 = 0
                                     THEN -entry.position ELSE entry.position END)
          ON CONFLICT (table_id, attnum) DO UPDATE SET sortkey = excluded.sortkey;
      END LOOP;
    END LOOP;
  END $$;

CREATE OR REPLACE FUNCTION local_warehouse.forget_table_design() RETURNS event_trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
  BEGIN
    DELETE FROM local_warehouse.table_design
      WHERE table_id IN (SELECT objid FROM pg_event_trigger_dropped_objects() WHERE object_type = 'table');
    DELETE FROM local_warehouse.column_design
      WHERE table_id IN (SELECT objid FROM pg_event_trigger_dropped_objects() WHERE object_type = 'table');
  END $$;

DROP EVENT TRIGGER IF EXISTS local_warehouse_table_design;
CREATE EVENT TRIGGER local_warehouse_table_design ON ddl_command_end
  WHEN TAG IN ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO')
  EXECUTE FUNCTION local_warehouse.record_table_design();
DROP EVENT TRIGGER IF EXISTS local_warehouse_forget_table_design;
CREATE EVENT TRIGGER local_warehouse_forget_table_design ON sql_drop
  EXECUTE FUNCTION local_warehouse.forget_table_design();

-- The two views live in pg_catalog, as in Redshift, so that a client's SET search_path cannot
-- hide them (a superuser may create there once allow_system_table_mods is on).
SET allow_system_table_mods = on;

-- PG_TABLE_DEF (r_PG_TABLE_DEF): one row per column of the tables visible on the search_path.
-- type as Redshift prints it (SUPER columns are JSONB here: user-written JSONB is refused);
-- encoding, distkey and sortkey as the CREATE TABLE declared them; encoding is NULL for a column
-- that declared none (Redshift's ENCODE AUTO picks one the local warehouse cannot know).
CREATE OR REPLACE VIEW pg_catalog.pg_table_def AS
SELECT n.nspname AS schemaname, c.relname AS tablename, a.attname AS "column",
       CASE WHEN a.atttypid = 'jsonb'::regtype THEN 'super'
            ELSE format_type(a.atttypid, a.atttypmod) END AS type,
       cd.encoding::character(32) AS encoding,
       coalesce(cd.distkey, false) AS distkey,
       coalesce(cd.sortkey, 0) AS sortkey,
       a.attnotnull AS "notnull"
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN local_warehouse.column_design cd ON cd.table_id = c.oid AND cd.attnum = a.attnum
WHERE c.relkind IN ('r', 'p') AND pg_catalog.pg_table_is_visible(c.oid);
GRANT SELECT ON pg_catalog.pg_table_def TO PUBLIC;

-- The rows of a table, for SVV_TABLE_INFO (which only superusers read, and users it is granted to).
CREATE OR REPLACE FUNCTION local_warehouse.row_count(relid OID) RETURNS BIGINT
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  DECLARE n BIGINT;
  BEGIN
    EXECUTE format('SELECT count(*) FROM %s', relid::regclass) INTO n;
    RETURN n;
  END $$;

-- SVV_TABLE_INFO (r_SVV_TABLE_INFO): user tables that hold at least one row; visible to
-- superusers only (grant SELECT to let a user read it). Columns the local warehouse can fill:
-- the names, encoded, diststyle and sort key as declared, max_varchar, estimated_visible_rows
-- (the exact count) and create_time. NULL: what depends on Redshift's storage (size, pct_used,
-- unsorted, stats_off, skews, vacuum_sort_benefit, risk_event), tbl_rows (it counts rows
-- deleted but not vacuumed, which PostgreSQL's MVCC does not tell), and a diststyle or sort key
-- left to AUTO (Redshift chooses it, and may change it, from the workload).
CREATE OR REPLACE VIEW pg_catalog.svv_table_info AS
SELECT current_database()::text AS database, n.nspname::text AS schema, c.oid AS table_id,
       c.relname::text AS "table",
       CASE WHEN td.table_id IS NULL THEN NULL
            WHEN td.encode_auto THEN 'Y, AUTO(ENCODE)'
            WHEN EXISTS (SELECT 1 FROM local_warehouse.column_design e WHERE e.table_id = c.oid
                         AND e.encoding IS NOT NULL AND e.encoding <> 'none') THEN 'Y'
            ELSE 'N' END AS encoded,
       CASE td.diststyle WHEN 'KEY' THEN 'KEY(' || dk.attname || ')' WHEN 'EVEN' THEN 'EVEN'
            WHEN 'ALL' THEN 'ALL' END AS diststyle,
       sk.attname::text AS sortkey1,
       (SELECT max(a.atttypmod - 4) FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = c.oid AND a.atttypid = 'varchar'::regtype AND a.atttypmod > 0
          AND NOT a.attisdropped)::integer AS max_varchar,
       sk.encoding::character(32) AS sortkey1_enc,
       (SELECT count(*) FROM local_warehouse.column_design s
        WHERE s.table_id = c.oid AND s.sortkey <> 0)::integer AS sortkey_num,
       NULL::bigint AS size, NULL::numeric(10,4) AS pct_used, NULL::bigint AS empty,
       NULL::numeric(5,2) AS unsorted, NULL::numeric(5,2) AS stats_off,
       NULL::numeric(38,0) AS tbl_rows, NULL::numeric(19,2) AS skew_sortkey1,
       NULL::numeric(19,2) AS skew_rows, rc.n::numeric(38,0) AS estimated_visible_rows,
       NULL::text AS risk_event, NULL::numeric(12,2) AS vacuum_sort_benefit,
       td.created_at AS create_time
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN local_warehouse.table_design td ON td.table_id = c.oid
LEFT JOIN LATERAL (SELECT a.attname FROM local_warehouse.column_design d
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.attnum
                   WHERE d.table_id = c.oid AND d.distkey) dk ON true
LEFT JOIN LATERAL (SELECT a.attname, d.encoding FROM local_warehouse.column_design d
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.attnum
                   WHERE d.table_id = c.oid AND abs(d.sortkey) = 1) sk ON true
CROSS JOIN LATERAL (SELECT local_warehouse.row_count(c.oid) AS n) rc
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'local_warehouse', 'sys')
  AND n.nspname NOT LIKE 'pg_toast%'
  AND (n.nspname NOT LIKE 'pg_temp%' OR n.oid = pg_catalog.pg_my_temp_schema())
  AND rc.n > 0;
REVOKE ALL ON pg_catalog.svv_table_info FROM PUBLIC;
RESET allow_system_table_mods;

-- Role-based access control's views (r_SVV_ROLES, r_SVV_USER_GRANTS, r_SVV_SCHEMA_PRIVILEGES,
-- r_SVV_RELATION_PRIVILEGES, r_SVV_DEFAULT_PRIVILEGES), over pg_catalog. A Redshift role is a
-- PostgreSQL role without LOGIN (CREATE ROLE, see RoleStatements); a user is one with LOGIN.
-- identity_type as the pages print it: user, role, public. Superusers see every row; other users
-- the rows of identities they are or hold, as the pages say ("other users can only see
-- identities they have access to or own").
SET allow_system_table_mods = on;

CREATE OR REPLACE FUNCTION local_warehouse.sees(identity OID) RETURNS BOOLEAN
  LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
  SELECT identity = 0
      OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
      OR pg_has_role(current_user, identity, 'USAGE') $$;

CREATE OR REPLACE FUNCTION local_warehouse.identity_type(identity OID) RETURNS TEXT
  LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
  SELECT CASE WHEN identity = 0 THEN 'public'
              WHEN (SELECT rolcanlogin FROM pg_roles WHERE oid = identity) THEN 'user'
              ELSE 'role' END $$;

CREATE OR REPLACE VIEW pg_catalog.svv_roles AS
SELECT r.oid::integer AS role_id, r.rolname::text AS role_name,
       NULL::text AS role_owner, NULL::text AS external_id
FROM pg_catalog.pg_roles r
WHERE NOT r.rolcanlogin AND r.rolname !~ '^pg_' AND local_warehouse.sees(r.oid);
GRANT SELECT ON pg_catalog.svv_roles TO PUBLIC;

CREATE OR REPLACE VIEW pg_catalog.svv_user_grants AS
SELECT u.oid::integer AS user_id, u.rolname::text AS user_name,
       r.oid::integer AS role_id, r.rolname::text AS role_name, m.admin_option
FROM pg_catalog.pg_auth_members m
JOIN pg_catalog.pg_roles u ON u.oid = m.member AND u.rolcanlogin
JOIN pg_catalog.pg_roles r ON r.oid = m.roleid AND NOT r.rolcanlogin AND r.rolname !~ '^pg_'
WHERE local_warehouse.sees(u.oid);
GRANT SELECT ON pg_catalog.svv_user_grants TO PUBLIC;

CREATE OR REPLACE VIEW pg_catalog.svv_schema_privileges AS
SELECT n.nspname::text AS namespace_name, a.privilege_type::text AS privilege_type,
       a.grantee::integer AS identity_id,
       CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee)::text END AS identity_name,
       local_warehouse.identity_type(a.grantee) AS identity_type,
       a.is_grantable AS admin_option, 'SCHEMA'::text AS privilege_scope
FROM pg_catalog.pg_namespace n
CROSS JOIN LATERAL aclexplode(n.nspacl) a
WHERE a.grantee <> n.nspowner AND local_warehouse.sees(a.grantee);
GRANT SELECT ON pg_catalog.svv_schema_privileges TO PUBLIC;

CREATE OR REPLACE VIEW pg_catalog.svv_relation_privileges AS
SELECT n.nspname::text AS namespace_name, c.relname::text AS relation_name,
       a.privilege_type::text AS privilege_type, a.grantee::integer AS identity_id,
       CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee)::text END AS identity_name,
       local_warehouse.identity_type(a.grantee) AS identity_type, a.is_grantable AS admin_option
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL aclexplode(c.relacl) a
WHERE c.relkind IN ('r', 'p', 'v', 'm') AND a.grantee <> c.relowner
  AND a.privilege_type IN ('INSERT', 'SELECT', 'UPDATE', 'DELETE', 'REFERENCES')
  AND local_warehouse.sees(a.grantee);
GRANT SELECT ON pg_catalog.svv_relation_privileges TO PUBLIC;

CREATE OR REPLACE VIEW pg_catalog.svv_default_privileges AS
SELECT n.nspname::text AS schema_name,
       CASE d.defaclobjtype WHEN 'r' THEN 'RELATION' WHEN 'f' THEN 'FUNCTION' END AS object_type,
       d.defaclrole::integer AS owner_id, pg_get_userbyid(d.defaclrole)::text AS owner_name,
       'user'::text AS owner_type, a.privilege_type::text AS privilege_type,
       a.grantee::integer AS grantee_id,
       CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee)::text END AS grantee_name,
       local_warehouse.identity_type(a.grantee) AS grantee_type, a.is_grantable AS admin_option
FROM pg_catalog.pg_default_acl d
JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
CROSS JOIN LATERAL aclexplode(d.defaclacl) a
WHERE d.defaclobjtype IN ('r', 'f') AND local_warehouse.sees(a.grantee);
GRANT SELECT ON pg_catalog.svv_default_privileges TO PUBLIC;
RESET allow_system_table_mods;
