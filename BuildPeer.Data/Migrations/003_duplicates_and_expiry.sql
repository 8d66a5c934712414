-- A request for a file whose SHA-256 already exists, clean, in the same project: no bytes are sent; the
-- request is recorded here as a reference to the existing upload.
create table upload_duplicates (
  id uuid primary key,
  tenant_id uuid not null,
  project_id uuid not null,
  existing_upload_id uuid not null,
  requested_by uuid not null,
  file_name text not null,
  sha256 text not null,
  requested_at timestamptz not null default now()
);
alter table upload_duplicates enable row level security;
create policy tenant_isolation on upload_duplicates using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert on upload_duplicates to buildpeer_app;

create index upload_status_project_sha on upload_status (tenant_id, project_id, sha256) where sha256 is not null;

-- Background jobs serve every tenant: they find candidates here, then act in each tenant's own transaction.
create or replace function expired_upload_candidates(p_older_than interval, p_limit int)
  returns table (tenant_id uuid, id uuid)
  language sql stable security definer set search_path = public
  as $$ select u.tenant_id, u.id from upload_status u
        where u.status = 'Requested' and u.created_at < now() - p_older_than
        order by u.created_at limit p_limit $$;
grant execute on function expired_upload_candidates(interval, int) to buildpeer_app;
