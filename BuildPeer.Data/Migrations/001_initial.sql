-- Tenancy: every table carries tenant_id and row-level security restricts it to the tenant set for
-- the transaction (set_config('app.tenant_id', ..., true)). With no tenant set, no rows are visible.
create or replace function app_current_tenant() returns uuid
  language sql stable
  as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

create table tenants (
  tenant_id uuid primary key,
  name text not null,
  slug text not null unique,
  storage_quota_bytes bigint not null default 50000000000,
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key,
  tenant_id uuid not null references tenants(tenant_id) on delete cascade,
  email text not null,
  display_name text not null,
  role text not null check (role in ('constructora', 'empleado', 'inversionista')),
  password_hash text not null,
  created_at timestamptz not null default now()
);
create unique index users_email_unique on users (lower(email));
create index users_tenant on users (tenant_id);

create table projects (
  id uuid primary key,
  tenant_id uuid not null references tenants(tenant_id) on delete cascade,
  name text not null,
  created_at timestamptz not null default now()
);
create index projects_tenant on projects (tenant_id);

create table project_members (
  tenant_id uuid not null references tenants(tenant_id) on delete cascade,
  project_id uuid not null references projects(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  primary key (project_id, user_id)
);
create index project_members_user on project_members (user_id);

-- Event store, modelled on Marten's mt_streams / mt_events with conjoined tenancy.
create table mt_streams (
  tenant_id uuid not null,
  id uuid not null,
  type varchar not null,
  version bigint not null,
  timestamp timestamptz not null default now(),
  created timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index mt_streams_id on mt_streams (id);

create table mt_events (
  seq_id bigserial primary key,
  id uuid not null unique,
  stream_id uuid not null,
  version bigint not null,
  data jsonb not null,
  type varchar(500) not null,
  timestamp timestamptz not null default now(),
  tenant_id uuid not null,
  mt_dotnet_type varchar,
  correlation_id varchar,
  causation_id varchar,
  headers jsonb,
  constraint pk_mt_events_stream_and_version unique (tenant_id, stream_id, version),
  foreign key (tenant_id, stream_id) references mt_streams (tenant_id, id) on delete cascade
);

-- The upload status projection, written inline with every append.
create table upload_status (
  id uuid primary key,
  tenant_id uuid not null,
  project_id uuid not null,
  uploader_id uuid not null,
  file_name text not null,
  content_type text not null,
  size bigint not null,
  status text not null,
  sha256 text,
  version bigint not null,
  last_sequence bigint not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  data jsonb not null
);
create index upload_status_project_listing on upload_status (tenant_id, project_id, created_at desc, id desc);
create index upload_status_status on upload_status (status, updated_at);

-- Durable messaging, modelled on Wolverine's envelope tables.
create table wolverine_outgoing_envelopes (
  id uuid primary key,
  tenant_id uuid not null,
  destination text not null,
  message_type text not null,
  body jsonb not null,
  headers jsonb not null default '{}',
  attempts int not null default 0,
  created_at timestamptz not null default now()
);

create table wolverine_incoming_envelopes (
  id uuid not null,
  handler text not null,
  tenant_id uuid not null,
  message_type text not null,
  received_at timestamptz not null default now(),
  primary key (id, handler)
);

do $$
declare t text;
begin
  foreach t in array array['tenants','users','projects','project_members','mt_streams','mt_events',
                           'upload_status','wolverine_outgoing_envelopes','wolverine_incoming_envelopes']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())', t);
  end loop;
end $$;

-- Look-ups that must work before a tenant is known run as the owner through these functions only.
create or replace function auth_find_user(p_email text)
  returns table (id uuid, tenant_id uuid, email text, display_name text, role text, password_hash text)
  language sql stable security definer set search_path = public
  as $$ select u.id, u.tenant_id, u.email, u.display_name, u.role, u.password_hash from users u where lower(u.email) = lower(p_email) $$;

-- The outbox relay serves every tenant: it claims rows with SKIP LOCKED (held until its transaction ends).
create or replace function outbox_claim(p_limit int)
  returns setof wolverine_outgoing_envelopes
  language sql volatile security definer set search_path = public
  as $$ select * from wolverine_outgoing_envelopes order by created_at limit p_limit for update skip locked $$;

create or replace function outbox_delete(p_ids uuid[])
  returns int
  language sql volatile security definer set search_path = public
  as $$ with d as (delete from wolverine_outgoing_envelopes where id = any(p_ids) returning 1) select count(*)::int from d $$;

create or replace function outbox_bump_attempts(p_ids uuid[])
  returns void
  language sql volatile security definer set search_path = public
  as $$ update wolverine_outgoing_envelopes set attempts = attempts + 1 where id = any(p_ids) $$;
