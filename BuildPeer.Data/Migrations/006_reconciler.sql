-- The reconciler serves every tenant: it finds uploads that may be stuck, then acts in each tenant's transaction.
create or replace function reconcile_candidates(p_requested_after interval, p_stuck_after interval, p_limit int)
  returns table (tenant_id uuid, id uuid, status text)
  language sql stable security definer set search_path = public
  as $$ select u.tenant_id, u.id, u.status from upload_status u
        where (u.status = 'Requested' and u.updated_at < now() - p_requested_after)
           or (u.status in ('Received', 'Scanned') and u.updated_at < now() - p_stuck_after)
        order by u.updated_at limit p_limit $$;
grant execute on function reconcile_candidates(interval, interval, int) to buildpeer_app;

-- Platform operators (BuildPeer staff) handle dead letters for every tenant.
alter table users drop constraint users_role_check;
alter table users add constraint users_role_check check (role in ('constructora', 'empleado', 'inversionista', 'operador'));

-- Messages that ran out of retries, as operators see and act on them (the SQS dead-letter queue holds the same).
create table dead_letters (
  id uuid primary key,
  tenant_id uuid not null,
  queue text not null,
  message_type text not null,
  body jsonb not null,
  upload_id uuid,
  error_type text not null,
  error_message text not null,
  attempts int not null,
  dead_lettered_at timestamptz not null default now(),
  state text not null default 'dead' check (state in ('dead', 'replayed', 'discarded')),
  resolved_by uuid,
  resolved_at timestamptz,
  reason text
);
create index dead_letters_state on dead_letters (state, dead_lettered_at desc);
alter table dead_letters enable row level security;
create policy tenant_isolation on dead_letters using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update on dead_letters to buildpeer_app;

create or replace function dead_letters_list(p_state text, p_limit int)
  returns setof dead_letters
  language sql stable security definer set search_path = public
  as $$ select * from dead_letters where p_state is null or state = p_state order by dead_lettered_at desc limit p_limit $$;
grant execute on function dead_letters_list(text, int) to buildpeer_app;

create or replace function dead_letters_get(p_id uuid)
  returns setof dead_letters
  language sql stable security definer set search_path = public
  as $$ select * from dead_letters where id = p_id $$;
grant execute on function dead_letters_get(uuid) to buildpeer_app;
