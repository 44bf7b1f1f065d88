-- Redshift's everyday functions, in schema "sys" (on the search_path), so that every client
-- gets the same ones: the Data API, psql and JDBC alike. RedshiftDialect turns the syntax
-- PostgreSQL cannot parse (bare dateparts, LISTAGG ... WITHIN GROUP, SYSDATE, TOP) into calls
-- of these. Run after bootstrap.sql at every start.

-- GETDATE (r_GETDATE): the start of the current statement, even within a transaction block, in
-- the session's time zone (UTC by default), to the second (the page's examples show none).
CREATE OR REPLACE FUNCTION sys.getdate() RETURNS TIMESTAMP
  LANGUAGE sql STABLE AS $$ SELECT date_trunc('second', statement_timestamp()::timestamp) $$;

-- SYSDATE (r_SYSDATE): the start of the current transaction, in the session's time zone,
-- with microseconds. Redshift writes it without parentheses; RedshiftDialect adds them.
CREATE OR REPLACE FUNCTION sys.sysdate() RETURNS TIMESTAMP
  LANGUAGE sql STABLE AS $$ SELECT now()::timestamp $$;

-- NVL (r_NVL_function) is COALESCE; NVL2 (r_NVL2) returns the second argument when the first is
-- not null, else the third. Plain SQL bodies, which PostgreSQL inlines, so the arguments are
-- evaluated as lazily as COALESCE and CASE evaluate them.
CREATE OR REPLACE FUNCTION sys.nvl(anycompatible, anycompatible) RETURNS anycompatible
  LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce($1, $2) $$;
CREATE OR REPLACE FUNCTION sys.nvl(anycompatible, anycompatible, anycompatible)
  RETURNS anycompatible LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce($1, $2, $3) $$;
CREATE OR REPLACE FUNCTION sys.nvl(anycompatible, anycompatible, anycompatible, anycompatible)
  RETURNS anycompatible LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce($1, $2, $3, $4) $$;
CREATE OR REPLACE FUNCTION sys.nvl2(anyelement, anycompatible, anycompatible)
  RETURNS anycompatible LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE WHEN $1 IS NOT NULL THEN $2 ELSE $3 END $$;
-- a literal (or NULL) first argument has no type of its own: read as text, as the overload
-- resolution of PostgreSQL prefers
CREATE OR REPLACE FUNCTION sys.nvl2(TEXT, anycompatible, anycompatible)
  RETURNS anycompatible LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE WHEN $1 IS NOT NULL THEN $2 ELSE $3 END $$;

-- LEN (r_LEN): characters, trailing blanks of CHAR not counted, those of VARCHAR counted.
CREATE OR REPLACE FUNCTION sys.len(TEXT) RETURNS INTEGER
  LANGUAGE sql IMMUTABLE AS $$ SELECT length($1) $$;
CREATE OR REPLACE FUNCTION sys.len(CHARACTER) RETURNS INTEGER
  LANGUAGE sql IMMUTABLE AS $$ SELECT length($1) $$;

-- TRUNC(timestamp) (r_TRUNC_date): the date of a timestamp.
CREATE OR REPLACE FUNCTION sys.trunc(TIMESTAMP) RETURNS DATE
  LANGUAGE sql IMMUTABLE AS $$ SELECT $1::date $$;

-- CONVERT_TIMEZONE(['source',] 'target', timestamp) (r_CONVERT_TIMEZONE): a TIMESTAMP in the
-- source time zone (UTC when left out) as the wall-clock time in the target one.
CREATE OR REPLACE FUNCTION sys.convert_timezone(target TEXT, ts TIMESTAMP) RETURNS TIMESTAMP
  LANGUAGE sql IMMUTABLE AS $$ SELECT (ts AT TIME ZONE 'UTC') AT TIME ZONE target $$;
CREATE OR REPLACE FUNCTION sys.convert_timezone(source TEXT, target TEXT, ts TIMESTAMP)
  RETURNS TIMESTAMP LANGUAGE sql IMMUTABLE
  AS $$ SELECT (ts AT TIME ZONE source) AT TIME ZONE target $$;

-- A datepart as Redshift names it, or one of its abbreviations (r_Dateparts_for_datetime_functions),
-- as the one name DATEADD and DATEDIFF work with; anything else fails naming it.
CREATE OR REPLACE FUNCTION local_warehouse.datepart(part TEXT) RETURNS TEXT
  LANGUAGE plpgsql IMMUTABLE AS $$
  DECLARE p TEXT := lower(trim(part));
  BEGIN
    RETURN CASE
      WHEN p IN ('millennium', 'millennia', 'mil', 'mils') THEN 'millennium'
      WHEN p IN ('century', 'centuries', 'c', 'cent', 'cents') THEN 'century'
      WHEN p IN ('decade', 'decades', 'dec', 'decs') THEN 'decade'
      WHEN p IN ('year', 'years', 'y', 'yr', 'yrs') THEN 'year'
      WHEN p IN ('quarter', 'quarters', 'qtr', 'qtrs') THEN 'quarter'
      WHEN p IN ('month', 'months', 'mon', 'mons') THEN 'month'
      WHEN p IN ('week', 'weeks', 'w') THEN 'week'
      WHEN p IN ('day', 'days', 'd') THEN 'day'
      WHEN p IN ('hour', 'hours', 'h', 'hr', 'hrs') THEN 'hour'
      WHEN p IN ('minute', 'minutes', 'm', 'min', 'mins') THEN 'minute'
      WHEN p IN ('second', 'seconds', 's', 'sec', 'secs') THEN 'second'
      WHEN p IN ('millisecond', 'milliseconds', 'ms', 'msec', 'msecs', 'msecond', 'mseconds',
                 'millisec', 'millisecs', 'millisecon') THEN 'millisecond'
      WHEN p IN ('microsecond', 'microseconds', 'microsec', 'microsecs', 'usecond', 'useconds',
                 'us', 'usec', 'usecs') THEN 'microsecond'
    END;
  END $$;

CREATE OR REPLACE FUNCTION local_warehouse.known_datepart(part TEXT, fn TEXT) RETURNS TEXT
  LANGUAGE plpgsql IMMUTABLE AS $$
  DECLARE p TEXT := local_warehouse.datepart(part);
  BEGIN
    IF p IS NULL THEN
      RAISE EXCEPTION '% does not support the datepart "%"', fn, part USING ERRCODE = '22023';
    END IF;
    RETURN p;
  END $$;

-- DATEADD(datepart, n, date|timestamp) (r_DATEADD_function): a TIMESTAMP; adding months to the
-- 31st gives the last day of a shorter month, as PostgreSQL's interval arithmetic does.
CREATE OR REPLACE FUNCTION sys.dateadd(part TEXT, n BIGINT, ts TIMESTAMP) RETURNS TIMESTAMP
  LANGUAGE sql IMMUTABLE AS $$
    SELECT ts + n * CASE local_warehouse.known_datepart(part, 'DATEADD')
      WHEN 'millennium' THEN interval '1000 years' WHEN 'century' THEN interval '100 years'
      WHEN 'decade' THEN interval '10 years' WHEN 'year' THEN interval '1 year'
      WHEN 'quarter' THEN interval '3 months' WHEN 'month' THEN interval '1 month'
      WHEN 'week' THEN interval '7 days' WHEN 'day' THEN interval '1 day'
      WHEN 'hour' THEN interval '1 hour' WHEN 'minute' THEN interval '1 minute'
      WHEN 'second' THEN interval '1 second' WHEN 'millisecond' THEN interval '1 millisecond'
      WHEN 'microsecond' THEN interval '1 microsecond' END
  $$;

-- DATEDIFF(datepart, a, b) (r_DATEDIFF_function): a BIGINT, the number of datepart boundaries
-- crossed from a to b (2008-12-31 to 2009-01-01 is 1 year; 8:30 to 10:00 is 2 hours), negative
-- when b is earlier. Weeks begin on Monday, as DATE_TRUNC('week') truncates (see the doubts in
-- docs/local-warehouse.md).
CREATE OR REPLACE FUNCTION sys.datediff(part TEXT, a TIMESTAMP, b TIMESTAMP) RETURNS BIGINT
  LANGUAGE sql IMMUTABLE AS $$
    SELECT (CASE local_warehouse.known_datepart(part, 'DATEDIFF')
      WHEN 'millennium' THEN extract(millennium FROM b) - extract(millennium FROM a)
      WHEN 'century' THEN extract(century FROM b) - extract(century FROM a)
      WHEN 'decade' THEN extract(decade FROM b) - extract(decade FROM a)
      WHEN 'year' THEN extract(year FROM b) - extract(year FROM a)
      WHEN 'quarter' THEN (extract(year FROM b) - extract(year FROM a)) * 4
                          + extract(quarter FROM b) - extract(quarter FROM a)
      WHEN 'month' THEN (extract(year FROM b) - extract(year FROM a)) * 12
                        + extract(month FROM b) - extract(month FROM a)
      WHEN 'week' THEN (date_trunc('week', b)::date - date_trunc('week', a)::date) / 7
      WHEN 'day' THEN b::date - a::date
      WHEN 'hour' THEN (extract(epoch FROM date_trunc('hour', b))
                        - extract(epoch FROM date_trunc('hour', a))) / 3600
      WHEN 'minute' THEN (extract(epoch FROM date_trunc('minute', b))
                          - extract(epoch FROM date_trunc('minute', a))) / 60
      WHEN 'second' THEN extract(epoch FROM date_trunc('second', b))
                         - extract(epoch FROM date_trunc('second', a))
      WHEN 'millisecond' THEN (extract(epoch FROM date_trunc('milliseconds', b))
                               - extract(epoch FROM date_trunc('milliseconds', a))) * 1000
      WHEN 'microsecond' THEN (extract(epoch FROM b) - extract(epoch FROM a)) * 1000000
    END)::bigint
  $$;

-- LISTAGG(expression [, delimiter]) (r_LISTAGG): the non-null values joined; RedshiftDialect
-- moves WITHIN GROUP (ORDER BY ...) into the call. A result beyond 65535 bytes fails, as in
-- Redshift ("Result size exceeds LISTAGG limit").
CREATE OR REPLACE FUNCTION local_warehouse.listagg_step(acc TEXT, value anyelement, delimiter TEXT)
  RETURNS TEXT LANGUAGE plpgsql IMMUTABLE AS $$
  BEGIN
    IF value IS NULL THEN
      RETURN acc;
    END IF;
    acc := CASE WHEN acc IS NULL THEN value::text ELSE acc || coalesce(delimiter, '') || value::text END;
    IF octet_length(acc) > 65535 THEN
      RAISE EXCEPTION 'Result size exceeds LISTAGG limit'
        USING ERRCODE = '54000', DETAIL = 'LISTAGG returns at most 65535 bytes (VARCHAR(65535))';
    END IF;
    RETURN acc;
  END $$;
CREATE OR REPLACE FUNCTION local_warehouse.listagg_step(acc TEXT, value anyelement)
  RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$ SELECT local_warehouse.listagg_step(acc, value, '') $$;
CREATE OR REPLACE FUNCTION local_warehouse.listagg_final(acc TEXT) RETURNS VARCHAR
  LANGUAGE sql IMMUTABLE AS $$ SELECT acc::varchar $$;
CREATE OR REPLACE AGGREGATE sys.listagg(anyelement, TEXT) (
  SFUNC = local_warehouse.listagg_step, STYPE = TEXT, FINALFUNC = local_warehouse.listagg_final);
CREATE OR REPLACE AGGREGATE sys.listagg(anyelement) (
  SFUNC = local_warehouse.listagg_step, STYPE = TEXT, FINALFUNC = local_warehouse.listagg_final);

-- MEDIAN (r_MEDIAN, r_WF_MEDIAN): the middle value, or the mean of the two middle ones, nulls
-- ignored; integer and DECIMAL input gives DECIMAL, FLOAT and DOUBLE give DOUBLE, DATE gives
-- DATE, TIMESTAMP gives TIMESTAMP. A plain aggregate, so MEDIAN(x) OVER (PARTITION BY ...)
-- works too.
CREATE OR REPLACE FUNCTION local_warehouse.median_numeric(v NUMERIC[]) RETURNS NUMERIC
  LANGUAGE sql IMMUTABLE AS $$
    SELECT trim_scale((s[(n + 1) / 2] + s[n / 2 + 1]) / 2)
    FROM (SELECT array_agg(x ORDER BY x) s, count(*)::int n FROM unnest(v) x) sorted WHERE n > 0
  $$;
CREATE OR REPLACE FUNCTION local_warehouse.median_double(v DOUBLE PRECISION[])
  RETURNS DOUBLE PRECISION LANGUAGE sql IMMUTABLE AS $$
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(v) x
  $$;
CREATE OR REPLACE FUNCTION local_warehouse.median_timestamp(v TIMESTAMP[]) RETURNS TIMESTAMP
  LANGUAGE sql IMMUTABLE AS $$
    SELECT s[(n + 1) / 2] + (s[n / 2 + 1] - s[(n + 1) / 2]) / 2
    FROM (SELECT array_agg(x ORDER BY x) s, count(*)::int n FROM unnest(v) x) sorted WHERE n > 0
  $$;
CREATE OR REPLACE FUNCTION local_warehouse.median_date(v DATE[]) RETURNS DATE
  LANGUAGE sql IMMUTABLE AS $$
    SELECT s[(n + 1) / 2] + (s[n / 2 + 1] - s[(n + 1) / 2]) / 2
    FROM (SELECT array_agg(x ORDER BY x) s, count(*)::int n FROM unnest(v) x) sorted WHERE n > 0
  $$;
CREATE OR REPLACE FUNCTION local_warehouse.median_add(acc anyarray, v anyelement) RETURNS anyarray
  LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN v IS NULL THEN acc ELSE array_append(acc, v) END $$;
CREATE OR REPLACE FUNCTION local_warehouse.median_numeric(v BIGINT[]) RETURNS NUMERIC
  LANGUAGE sql IMMUTABLE AS $$ SELECT local_warehouse.median_numeric(v::numeric[]) $$;
CREATE OR REPLACE FUNCTION local_warehouse.median_numeric(v INTEGER[]) RETURNS NUMERIC
  LANGUAGE sql IMMUTABLE AS $$ SELECT local_warehouse.median_numeric(v::numeric[]) $$;
CREATE OR REPLACE FUNCTION local_warehouse.median_numeric(v SMALLINT[]) RETURNS NUMERIC
  LANGUAGE sql IMMUTABLE AS $$ SELECT local_warehouse.median_numeric(v::numeric[]) $$;
CREATE OR REPLACE FUNCTION local_warehouse.median_double(v REAL[]) RETURNS DOUBLE PRECISION
  LANGUAGE sql IMMUTABLE AS $$ SELECT local_warehouse.median_double(v::double precision[]) $$;
CREATE OR REPLACE AGGREGATE sys.median(NUMERIC) (SFUNC = local_warehouse.median_add,
  STYPE = NUMERIC[], INITCOND = '{}', FINALFUNC = local_warehouse.median_numeric);
CREATE OR REPLACE AGGREGATE sys.median(BIGINT) (SFUNC = local_warehouse.median_add,
  STYPE = BIGINT[], INITCOND = '{}', FINALFUNC = local_warehouse.median_numeric);
CREATE OR REPLACE AGGREGATE sys.median(INTEGER) (SFUNC = local_warehouse.median_add,
  STYPE = INTEGER[], INITCOND = '{}', FINALFUNC = local_warehouse.median_numeric);
CREATE OR REPLACE AGGREGATE sys.median(SMALLINT) (SFUNC = local_warehouse.median_add,
  STYPE = SMALLINT[], INITCOND = '{}', FINALFUNC = local_warehouse.median_numeric);
CREATE OR REPLACE AGGREGATE sys.median(DOUBLE PRECISION) (SFUNC = local_warehouse.median_add,
  STYPE = DOUBLE PRECISION[], INITCOND = '{}', FINALFUNC = local_warehouse.median_double);
CREATE OR REPLACE AGGREGATE sys.median(REAL) (SFUNC = local_warehouse.median_add,
  STYPE = REAL[], INITCOND = '{}', FINALFUNC = local_warehouse.median_double);
CREATE OR REPLACE AGGREGATE sys.median(TIMESTAMP) (SFUNC = local_warehouse.median_add,
  STYPE = TIMESTAMP[], INITCOND = '{}', FINALFUNC = local_warehouse.median_timestamp);
CREATE OR REPLACE AGGREGATE sys.median(DATE) (SFUNC = local_warehouse.median_add,
  STYPE = DATE[], INITCOND = '{}', FINALFUNC = local_warehouse.median_date);
