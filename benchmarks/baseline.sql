-- All SPEC §3 checks of the Measures as ONE DuckDB query, written by hand: the speed
-- baseline of benchmarks/bench.py for the duckdb engine (run by baseline_sql.py).
-- Shares no code with src/lnvideo: the working-day calendar and the Civil Code
-- periods (SPEC §4) are computed here from two tables of schedule data.
--
-- Expects (set up by baseline_sql.py):
--   sites, cameras, events  views over the synth Parquet tables (events."on" is
--                           TIMESTAMPTZ; every instant in synthetic data is after
--                           1992, when Asia/Shanghai is always UTC+8, so local
--                           dates use the fixed offset)
--   rest_days(d), work_days(d)  the State Council schedule: listed holidays and
--                           make-up working days (from the chinese_calendar data)
--   getvariable('as_of')    the as-of DATE
-- Produces one row per (rule, subject): rule, article, subject_kind, subject_id,
-- site, status, due, fulfilled_on, severity, message (a short fixed text).
WITH
cal_days AS (   -- every day of the covered years, working or not
  SELECT CAST(d AS DATE) AS d
  FROM range(make_date((SELECT min(year(d)) FROM rest_days), 1, 1),
             make_date((SELECT max(year(d)) FROM rest_days) + 1, 1, 1), INTERVAL 1 DAY) t(d)
),
cal AS (
  SELECT c.d,
         (w.d IS NOT NULL) OR (dayofweek(c.d) NOT IN (0, 6) AND r.d IS NULL) AS working
  FROM cal_days c LEFT JOIN rest_days r ON r.d = c.d LEFT JOIN work_days w ON w.d = c.d
),
cum AS (        -- k: how many working days up to and including d
  SELECT d, working, count(*) FILTER (WHERE working) OVER (ORDER BY d) AS k FROM cal
),
wd AS (SELECT d, k FROM cum WHERE working),
calendar AS (   -- per start day: the 30-day deadline (Art. 203 extended) and 3 working days
  SELECT c.d AS start, d30.d AS due30, d3.d AS due3w
  FROM cum c
  LEFT JOIN cum n ON n.d = c.d + 29
  LEFT JOIN wd d30 ON d30.k = n.k + 1 AND d30.d >= c.d + 30
  LEFT JOIN wd d3 ON d3.k = c.k + 3
),
ev AS (
  SELECT *,
         CAST(make_timestamp(epoch_us("on") + 28800000000) AS DATE) AS d,
         epoch_us("on") AS us
  FROM events
  WHERE CAST(make_timestamp(epoch_us("on") + 28800000000) AS DATE) <= getvariable('as_of')
),
s AS (
  SELECT *,
         CASE WHEN national_security THEN 'not_applicable'
              WHEN county_code IS NULL THEN 'unknown'
              WHEN starts_with(county_code, '21') THEN 'satisfied'
              ELSE 'not_applicable' END AS scope,
         has_system IS NOT FALSE AS sys,
         place_category <> 'other' AS art6,
         place_category IN ('main_road', 'traffic_intersection', 'square') AS item5
  FROM sites
),
reg AS (   -- LN-12.1a / LN-12.2: filings with the site's own county, per site
  SELECT s.id,
         min(CASE WHEN f.authority = s.county_code AND f.d <= c1.due30 THEN f.d END) AS a_sat,
         max(CASE WHEN f.authority IS NULL AND f.d <= c1.due30 THEN 1 ELSE 0 END) AS a_unk,
         min(CASE WHEN f.authority = s.county_code AND f.d > c1.due30 THEN f.d END) AS a_late,
         min(CASE WHEN f.authority = s.county_code AND f.d <= DATE '2008-01-31' THEN f.d END) AS b_sat,
         max(CASE WHEN f.authority IS NULL AND f.d <= DATE '2008-01-31' THEN 1 ELSE 0 END) AS b_unk,
         min(CASE WHEN f.authority = s.county_code AND f.d > DATE '2008-01-31' THEN f.d END) AS b_late
  FROM s JOIN ev f ON f.site = s.id AND f.type = 'registration_filed'
  LEFT JOIN calendar c1 ON c1.start = s.in_use_on
  GROUP BY s.id
),
site_rows AS (
  SELECT s.*, c1.due30 AS reg_due, reg.* EXCLUDE (id)
  FROM s
  LEFT JOIN calendar c1 ON c1.start = s.in_use_on
  LEFT JOIN reg ON reg.id = s.id
),
site_findings AS (
  SELECT id, 'LN-3' AS rule, '3' AS article, scope AS status, NULL::DATE AS due, NULL::DATE AS ful, 'error' AS severity FROM site_rows
  UNION ALL
  SELECT id, 'LN-6', '6',
         CASE WHEN scope <> 'satisfied' THEN scope
              WHEN (art6 OR designated IS TRUE) IS NULL THEN 'unknown'
              WHEN NOT (art6 OR designated IS TRUE) THEN 'not_applicable'
              WHEN has_system THEN 'satisfied' WHEN NOT has_system THEN 'violated' ELSE 'unknown' END,
         NULL, NULL, 'error' FROM site_rows
  UNION ALL
  SELECT id, 'LN-7', '7',
         CASE WHEN scope <> 'satisfied' THEN scope
              WHEN NOT sys THEN 'not_applicable'
              WHEN item5 IS NULL THEN 'unknown' WHEN NOT item5 THEN 'not_applicable'
              WHEN builder_kind IS NULL THEN 'unknown'
              WHEN builder_kind = 'government' THEN 'satisfied' ELSE 'violated' END,
         NULL, NULL, 'error' FROM site_rows
  UNION ALL
  SELECT id, 'LN-8', '8',
         CASE WHEN scope <> 'satisfied' THEN scope
              WHEN NOT sys OR captures_private_info IS FALSE THEN 'not_applicable'
              WHEN captures_private_info IS NULL OR privacy_safeguards IS NULL THEN 'unknown'
              WHEN len(privacy_safeguards) > 0 THEN 'satisfied' ELSE 'violated' END,
         NULL, NULL, 'error' FROM site_rows
  UNION ALL
  SELECT id, 'LN-10', '10',
         CASE WHEN scope <> 'satisfied' THEN scope WHEN NOT sys THEN 'not_applicable'
              WHEN standards IS NULL THEN 'unknown'
              WHEN len(standards) > 0 THEN 'satisfied' ELSE 'violated' END,
         NULL, NULL, 'warning' FROM site_rows
  UNION ALL
  SELECT id, 'LN-11', '11',
         CASE WHEN scope <> 'satisfied' THEN scope
              WHEN NOT sys OR project_kind IS NULL THEN 'not_applicable'
              WHEN main_project_in_use_on IS NULL THEN 'unknown'
              WHEN main_project_in_use_on < DATE '2008-01-01' THEN 'not_applicable'
              WHEN in_use_on IS NULL THEN 'unknown'
              WHEN in_use_on <= main_project_in_use_on THEN 'satisfied' ELSE 'violated' END,
         CASE WHEN scope = 'satisfied' AND sys AND project_kind IS NOT NULL AND in_use_on IS NOT NULL
                   AND main_project_in_use_on >= DATE '2008-01-01' THEN main_project_in_use_on END,
         NULL, 'error' FROM site_rows
  UNION ALL
  SELECT id, 'LN-12.1a', '12', st, CASE WHEN st <> 'not_applicable' AND scope = 'satisfied' AND in_use_on IS NOT NULL THEN reg_due END,
         CASE WHEN st = 'satisfied' THEN a_sat WHEN st = 'violated' THEN a_late END, 'error'
  FROM (SELECT *,
          CASE WHEN scope <> 'satisfied' THEN scope WHEN NOT sys THEN 'not_applicable'
               WHEN in_use_on IS NULL THEN 'unknown' WHEN in_use_on < DATE '2008-01-01' THEN 'not_applicable'
               WHEN reg_due IS NULL THEN 'unknown'
               WHEN a_sat IS NOT NULL THEN 'satisfied' WHEN a_unk = 1 THEN 'unknown'
               WHEN a_late IS NOT NULL THEN 'violated'
               WHEN getvariable('as_of') <= reg_due THEN 'pending' ELSE 'violated' END AS st
        FROM site_rows)
  UNION ALL
  SELECT id, 'LN-12.2', '12', st, CASE WHEN st <> 'not_applicable' AND scope = 'satisfied' AND in_use_on IS NOT NULL THEN DATE '2008-01-31' END,
         CASE WHEN st = 'satisfied' THEN b_sat WHEN st = 'violated' THEN b_late END, 'error'
  FROM (SELECT *,
          CASE WHEN scope <> 'satisfied' THEN scope WHEN NOT sys THEN 'not_applicable'
               WHEN in_use_on IS NULL THEN 'unknown' WHEN in_use_on >= DATE '2008-01-01' THEN 'not_applicable'
               WHEN b_sat IS NOT NULL THEN 'satisfied' WHEN b_unk = 1 THEN 'unknown'
               WHEN b_late IS NOT NULL THEN 'violated'
               WHEN getvariable('as_of') <= DATE '2008-01-31' THEN 'pending' ELSE 'violated' END AS st
        FROM site_rows)
  UNION ALL
  SELECT id, 'LN-13', '13',
         CASE WHEN scope <> 'satisfied' THEN scope
              WHEN NOT sys OR government_invested IS FALSE THEN 'not_applicable'
              WHEN government_invested IS NULL OR price_marked IS NULL THEN 'unknown'
              WHEN price_marked THEN 'satisfied' ELSE 'violated' END,
         NULL, NULL, 'warning' FROM site_rows
  UNION ALL
  SELECT id, 'LN-14.1.1', '14',
         CASE WHEN scope <> 'satisfied' THEN scope WHEN NOT sys THEN 'not_applicable'
              WHEN training THEN 'satisfied' WHEN NOT training THEN 'violated' ELSE 'unknown' END,
         NULL, NULL, 'warning' FROM site_rows
  UNION ALL
  SELECT id, 'LN-14.1.2', '14',
         CASE WHEN scope <> 'satisfied' THEN scope WHEN NOT sys THEN 'not_applicable'
              WHEN inspection_maintenance AND emergency_response THEN 'satisfied'
              WHEN NOT (inspection_maintenance AND emergency_response) THEN 'violated' ELSE 'unknown' END,
         NULL, NULL, 'warning' FROM site_rows
  UNION ALL
  SELECT id, 'LN-14.1.3', '14',
         CASE WHEN scope <> 'satisfied' THEN scope WHEN NOT sys THEN 'not_applicable'
              WHEN duty_monitoring THEN 'satisfied' WHEN NOT duty_monitoring THEN 'violated' ELSE 'unknown' END,
         NULL, NULL, 'warning' FROM site_rows
  UNION ALL
  SELECT id, 'LN-14.1.4', '14',
         CASE WHEN scope <> 'satisfied' THEN scope WHEN NOT sys THEN 'not_applicable'
              WHEN access_log THEN 'satisfied' WHEN NOT access_log THEN 'violated' ELSE 'unknown' END,
         NULL, NULL, 'warning' FROM site_rows
  UNION ALL
  SELECT id, 'LN-14.1.7', '14',
         CASE WHEN scope <> 'satisfied' THEN scope WHEN NOT sys THEN 'not_applicable'
              WHEN retention_days IS NULL THEN 'unknown'
              WHEN retention_days >= 15 THEN 'satisfied' ELSE 'violated' END,
         NULL, NULL, 'error' FROM site_rows
  UNION ALL
  SELECT id, 'LN-14.2', '14',
         CASE WHEN scope <> 'satisfied' THEN scope
              WHEN NOT sys OR om_outsourced IS FALSE THEN 'not_applicable'
              WHEN om_outsourced IS NULL OR om_contract_security_terms IS NULL THEN 'unknown'
              WHEN om_contract_security_terms THEN 'satisfied' ELSE 'violated' END,
         NULL, NULL, 'warning' FROM site_rows
),
camera_findings AS (
  SELECT 'LN-9' AS rule, '9' AS article, 'camera' AS subject_kind, c.id AS subject_id, c.site,
         CASE WHEN s.scope <> 'satisfied' THEN s.scope
              WHEN c.place IN ('hotel_room', 'public_bath', 'changing_room', 'toilet', 'student_dormitory')
                   OR c.private_area THEN 'violated'
              WHEN c.place IS NULL THEN 'unknown' ELSE 'satisfied' END AS status,
         NULL::DATE AS due, NULL::DATE AS fulfilled_on, 'error' AS severity
  FROM cameras c JOIN s ON s.id = c.site
),
changes AS (   -- LN-12.1b: reports of each change to the site's organ
  SELECT e.*, s.scope, s.county_code, c3.due3w AS due
  FROM ev e JOIN s ON s.id = e.site
  LEFT JOIN calendar c3 ON c3.start = e.d
  WHERE e.type IN ('system_changed', 'system_stopped')
),
change_reports AS (
  SELECT ch.site, ch.id,
         min(CASE WHEN r.authority = ch.county_code AND r.d <= ch.due THEN r.d END) AS sat,
         max(CASE WHEN r.authority IS NULL AND r.d <= ch.due THEN 1 ELSE 0 END) AS unk,
         min(CASE WHEN r.authority = ch.county_code AND r.d > ch.due THEN r.d END) AS late
  FROM changes ch JOIN ev r ON r.site = ch.site AND r.type = 'change_reported' AND r.change = ch.id
  GROUP BY ch.site, ch.id
),
event_findings AS (
  SELECT 'LN-12.1b' AS rule, '12' AS article, ch.id AS subject_id, ch.site, st AS status,
         CASE WHEN ch.scope = 'satisfied' AND ch.d >= DATE '2008-01-01' THEN ch.due END AS due,
         CASE WHEN st = 'satisfied' THEN ch.sat WHEN st = 'violated' THEN ch.late END AS fulfilled_on,
         'error' AS severity
  FROM (SELECT ch.*, cr.sat, cr.unk, cr.late,
               CASE WHEN ch.scope <> 'satisfied' THEN ch.scope
                    WHEN ch.d < DATE '2008-01-01' THEN 'not_applicable'
                    WHEN ch.due IS NULL THEN 'unknown'
                    WHEN cr.sat IS NOT NULL THEN 'satisfied' WHEN cr.unk = 1 THEN 'unknown'
                    WHEN cr.late IS NOT NULL THEN 'violated'
                    WHEN getvariable('as_of') <= ch.due THEN 'pending' ELSE 'violated' END AS st
        FROM changes ch LEFT JOIN change_reports cr ON cr.site = ch.site AND cr.id = ch.id) ch
  UNION ALL
  SELECT 'LN-14.1.3r', '14', e.id, e.site, st,
         CASE WHEN e.scope = 'satisfied' AND e.d >= DATE '2008-01-01' THEN e.due END,
         CASE WHEN st IN ('satisfied', 'violated') THEN e.rep END, 'error'
  FROM (SELECT e.*, s.scope,
               CAST(make_timestamp(e.us + 86400000000 + 28800000000) AS DATE) AS due,
               CASE WHEN CAST(make_timestamp(epoch_us(e.reported_on) + 28800000000) AS DATE) <= getvariable('as_of')
                    THEN CAST(make_timestamp(epoch_us(e.reported_on) + 28800000000) AS DATE) END AS rep,
               CASE WHEN s.scope <> 'satisfied' THEN s.scope
                    WHEN e.d < DATE '2008-01-01' THEN 'not_applicable'
                    WHEN CAST(make_timestamp(epoch_us(e.reported_on) + 28800000000) AS DATE) <= getvariable('as_of') THEN
                         CASE WHEN epoch_us(e.reported_on) <= e.us + 86400000000 THEN 'satisfied' ELSE 'violated' END
                    WHEN getvariable('as_of') <= CAST(make_timestamp(e.us + 86400000000 + 28800000000) AS DATE) THEN 'pending'
                    ELSE 'violated' END AS st
        FROM ev e JOIN s ON s.id = e.site WHERE e.type = 'suspicious_observed') e
  UNION ALL
  SELECT 'LN-14.1.4e', '14', e.id, e.site,
         CASE WHEN s.scope <> 'satisfied' THEN s.scope WHEN e.d < DATE '2008-01-01' THEN 'not_applicable'
              WHEN coalesce(trim(e.by) <> '', false) AND coalesce(trim(e.purpose) <> '', false) THEN 'satisfied'
              ELSE 'violated' END, NULL, NULL, 'error'
  FROM ev e JOIN s ON s.id = e.site WHERE e.type = 'footage_accessed'
  UNION ALL
  SELECT CASE WHEN e.type = 'camera_changed' THEN 'LN-14.1.5' ELSE 'LN-14.1.6' END, '14', e.id, e.site,
         CASE WHEN s.scope <> 'satisfied' THEN s.scope WHEN e.d < DATE '2008-01-01' THEN 'not_applicable'
              WHEN e.authorized THEN 'satisfied' WHEN NOT e.authorized THEN 'violated' ELSE 'unknown' END,
         NULL, NULL, 'error'
  FROM ev e JOIN s ON s.id = e.site WHERE e.type IN ('camera_changed', 'footage_disclosed')
  UNION ALL
  SELECT 'LN-14.1.7d', '14', e.id, e.site,
         CASE WHEN s.scope <> 'satisfied' THEN s.scope WHEN e.d < DATE '2008-01-01' THEN 'not_applicable'
              WHEN e.recorded_on IS NULL THEN 'unknown'
              WHEN e.important THEN CASE WHEN e.d > e.recorded_on + INTERVAL 1 YEAR THEN 'satisfied' ELSE 'violated' END
              WHEN NOT e.important THEN CASE WHEN e.d > e.recorded_on + 15 THEN 'satisfied' ELSE 'violated' END
              WHEN (e.d > e.recorded_on + INTERVAL 1 YEAR) = (e.d > e.recorded_on + 15)
                   THEN CASE WHEN e.d > e.recorded_on + 15 THEN 'satisfied' ELSE 'violated' END
              ELSE 'unknown' END,
         NULL, NULL, 'error'
  FROM ev e JOIN s ON s.id = e.site WHERE e.type = 'footage_deleted'
),
findings AS (
SELECT rule, article, 'site' AS subject_kind, id AS subject_id, id AS site, status, due, ful AS fulfilled_on, severity
FROM site_findings
UNION ALL
SELECT * FROM camera_findings
UNION ALL
SELECT rule, article, 'event', subject_id, site, status, due, fulfilled_on, severity FROM event_findings
)
SELECT *, rule || ': ' || replace(status, '_', ' ') AS message FROM findings
