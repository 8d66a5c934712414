-- Append-only audit trail: the services may insert and read it, never change or remove it.
create table audit_log (
  id bigserial primary key,
  tenant_id uuid not null,
  occurred_at timestamptz not null default now(),
  actor_id uuid,
  actor_role text,
  ip text,
  action text not null,
  target text,
  result text not null,
  detail jsonb
);
create index audit_log_tenant_time on audit_log (tenant_id, occurred_at desc, id desc);
alter table audit_log enable row level security;
create policy tenant_isolation on audit_log using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert on audit_log to buildpeer_app;
grant usage on sequence audit_log_id_seq to buildpeer_app;

-- Login failures are recorded before a tenant is known; this function writes them as the owner.
create or replace function audit_login(p_tenant uuid, p_user uuid, p_role text, p_ip text, p_result text, p_email text)
  returns void language sql volatile security definer set search_path = public
  as $$ insert into audit_log (tenant_id, actor_id, actor_role, ip, action, target, result)
        values (p_tenant, p_user, p_role, p_ip, 'login', p_email, p_result) $$;
grant execute on function audit_login(uuid, uuid, text, text, text, text) to buildpeer_app;

-- Lockout after repeated failures.
alter table users add column failed_logins int not null default 0;
alter table users add column locked_until timestamptz;
alter table users add column deleted_at timestamptz;

create or replace function auth_record_login(p_user uuid, p_success boolean, p_max_failures int, p_lockout interval)
  returns void language sql volatile security definer set search_path = public
  as $$ update users set
          failed_logins = case when p_success then 0 else failed_logins + 1 end,
          locked_until = case when p_success then null
                              when failed_logins + 1 >= p_max_failures then now() + p_lockout
                              else locked_until end
        where id = p_user $$;
grant execute on function auth_record_login(uuid, boolean, int, interval) to buildpeer_app;

drop function auth_find_user(text);
create function auth_find_user(p_email text)
  returns table (id uuid, tenant_id uuid, email text, display_name text, role text, password_hash text, locked_until timestamptz)
  language sql stable security definer set search_path = public
  as $$ select u.id, u.tenant_id, u.email, u.display_name, u.role, u.password_hash, u.locked_until
        from users u where lower(u.email) = lower(p_email) and u.deleted_at is null $$;
grant execute on function auth_find_user(text) to buildpeer_app;

-- Refresh tokens: only a SHA-256 of the token is stored; each use rotates it.
create table refresh_tokens (
  id uuid primary key,
  tenant_id uuid not null,
  user_id uuid not null references users(id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  replaced_by uuid
);
alter table refresh_tokens enable row level security;
create policy tenant_isolation on refresh_tokens using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update on refresh_tokens to buildpeer_app;

create or replace function auth_find_refresh_token(p_hash text)
  returns table (id uuid, tenant_id uuid, user_id uuid, expires_at timestamptz, revoked_at timestamptz)
  language sql stable security definer set search_path = public
  as $$ select r.id, r.tenant_id, r.user_id, r.expires_at, r.revoked_at from refresh_tokens r where r.token_hash = p_hash $$;
grant execute on function auth_find_refresh_token(text) to buildpeer_app;

-- Tenant deletion (an explicit, confirmed request): every row of the tenant goes, except its audit trail,
-- which records the deletion itself. Events are append-only for the services, so this runs as the owner.
create or replace function tenant_purge(p_tenant uuid)
  returns void language plpgsql volatile security definer set search_path = public
  as $$
  begin
    if p_tenant is distinct from app_current_tenant() then
      raise exception 'tenant_purge: the tenant must be the one set for the transaction';
    end if;
    delete from mt_events where tenant_id = p_tenant;
    delete from mt_streams where tenant_id = p_tenant;
    delete from upload_status where tenant_id = p_tenant;
    delete from upload_duplicates where tenant_id = p_tenant;
    delete from wolverine_outgoing_envelopes where tenant_id = p_tenant;
    delete from wolverine_incoming_envelopes where tenant_id = p_tenant;
    delete from refresh_tokens where tenant_id = p_tenant;
    delete from tenants where tenant_id = p_tenant; -- cascades to users, projects, members
  end $$;
grant execute on function tenant_purge(uuid) to buildpeer_app;
