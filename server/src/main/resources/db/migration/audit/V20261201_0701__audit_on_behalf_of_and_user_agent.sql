-- Who an action was done for (a staff member impersonating a tenant user acts on behalf of that user), and the
-- client's user agent. Both join the hashed content only when set, so the hashes of earlier rows do not change.
alter table audit_events
    add column on_behalf_of text,
    add column user_agent   text;

create or replace function audit_event_content(e audit_events) returns text
    language sql immutable as
$$
select concat_ws('|', e.seq::text, e.id::text,
                 to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                 e.event_type, e.actor_type, coalesce(e.actor_id, ''), coalesce(e.tenant_id::text, ''),
                 coalesce(e.target, ''), coalesce(e.ip_address, ''), coalesce(e.request_id, ''),
                 coalesce(e.before_state::text, ''), coalesce(e.after_state::text, ''))
       || case when e.on_behalf_of is null and e.user_agent is null then ''
               else '|' || coalesce(e.on_behalf_of, '') || '|' || coalesce(e.user_agent, '') end
$$;
