-- Optional, for the PostgreSQL health pack only: lets superadmin_monitor see other sessions' state and
-- transaction start (pg_stat_activity) and the replay lag of standbys (pg_stat_replication). Four checks
-- need it: pg_connections, pg_longest_transaction, pg_idle_in_transaction and pg_replication_lag on a
-- primary; without it they are UNKNOWN with a message naming this grant. The five app checks and the other
-- three of the pack do not need it.
--
-- What it also gives: read access to every pg_stat_* view, including the text of other sessions' current
-- queries and of pg_stat_statements, which can hold literals the app sent (an e-mail address in a WHERE
-- clause). No table data, no writes, no settings. Grant it only where you enable those checks.
--
-- Run after monitor-role.sql, as a superuser or, on PostgreSQL 16 and later, a role that holds
-- pg_read_all_stats WITH ADMIN OPTION (on PostgreSQL 15 a CREATEROLE role such as Supabase's postgres may
-- grant it):
--   psql -v ON_ERROR_STOP=1 -d <appdb> -f deploy/sql/monitor-role-stats.sql
-- The grant is for the whole server (roles are), and running it again changes nothing. To take it back:
--   REVOKE pg_read_all_stats FROM superadmin_monitor;

GRANT pg_read_all_stats TO superadmin_monitor;
