-- Upload streams move to Marten (schema uploads: mt_events, mt_streams, and the UploadStatus snapshots in
-- mt_doc_uploadstatus, created before this script by UploadStreamSchema). What the project's own event store wrote
-- is copied over once, with the same sequence numbers, and upload_status becomes a view over Marten's snapshots for
-- the SQL that reads it (listings, live streams, ops). Nothing else writes upload status: only events do.

insert into uploads.mt_streams (tenant_id, id, type, version, timestamp, created)
  select tenant_id::text, id, 'upload_status', version, timestamp, created from public.mt_streams;

insert into uploads.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, causation_id)
  select seq_id, id, stream_id, version, data, type, timestamp, tenant_id::text, mt_dotnet_type, correlation_id, causation_id
  from public.mt_events;
select setval('uploads.mt_events_sequence', greatest((select max(seq_id) from uploads.mt_events), 1));

insert into uploads.mt_doc_uploadstatus (tenant_id, id, data, mt_last_modified, mt_dotnet_type, mt_version,
                                         project_id, stagesrequested_at, status, updated_at, last_sequence)
  select tenant_id::text, id, data || jsonb_build_object('lastSequence', last_sequence, 'version', version), updated_at,
         'BuildPeer.Uploads.Projection.UploadStatus', version, project_id, created_at, status, updated_at, last_sequence
  from public.upload_status;

-- The reconciler's per-upload back-off, counted for the version it last looked at: a new event starts it over.
create table upload_reconcile (
  id uuid primary key,
  tenant_id uuid not null,
  version bigint not null,
  reconcile_count int not null,
  reconciled_at timestamptz not null
);
alter table upload_reconcile enable row level security;
create policy tenant_isolation on upload_reconcile using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select on upload_reconcile to buildpeer_app;

insert into upload_reconcile (id, tenant_id, version, reconcile_count, reconciled_at)
  select id, tenant_id, version, reconcile_count, reconciled_at from public.upload_status
  where reconcile_count > 0 and reconciled_at is not null;

drop table public.upload_status;
drop function if exists upload_status_notify();
drop table public.mt_events;
drop table public.mt_streams;

-- security_invoker: a service reading the view is filtered by the row-level security of the tables under it.
create view upload_status with (security_invoker = true) as
  select d.id, d.tenant_id::uuid as tenant_id, d.project_id, (d.data->>'uploaderId')::uuid as uploader_id,
         d.data->>'fileName' as file_name, d.data->>'contentType' as content_type, (d.data->>'size')::bigint as size,
         d.status, d.data->>'sha256' as sha256, (d.data->>'version')::bigint as version, d.last_sequence,
         d.stagesrequested_at as created_at, d.updated_at, d.data,
         coalesce(r.reconcile_count, 0) as reconcile_count, r.reconciled_at
  from uploads.mt_doc_uploadstatus d
  left join upload_reconcile r on r.id = d.id and r.version = (d.data->>'version')::bigint;
grant select on upload_status to buildpeer_app;

create or replace function reconcile_mark(p_id uuid)
  returns void language sql volatile security definer set search_path = public
  as $$
    insert into upload_reconcile (id, tenant_id, version, reconcile_count, reconciled_at)
      select id, tenant_id, version, 1, now() from upload_status where id = p_id
    on conflict (id) do update
      set reconcile_count = case when upload_reconcile.version = excluded.version then upload_reconcile.reconcile_count + 1 else 1 end,
          version = excluded.version, reconciled_at = now()
  $$;

-- Live status: every write of an upload's status is NOTIFYed on channel 'upload_status' (see 005), now from
-- Marten's snapshot table. The payload stays small; subscribers read the upload itself under their own tenant.
create or replace function uploads.mt_doc_uploadstatus_notify() returns trigger
  language plpgsql
  as $$
begin
  perform pg_notify('upload_status', json_build_object(
    'tenant_id', new.tenant_id,
    'project_id', new.project_id,
    'upload_id', new.id,
    'status', new.status,
    'version', (new.data->>'version')::bigint,
    'last_sequence', new.last_sequence,
    'kind', case when tg_op = 'INSERT' or old.status is distinct from new.status then 'status' else 'progress' end
  )::text);
  return null;
end $$;

create trigger upload_status_notify after insert or update on uploads.mt_doc_uploadstatus
  for each row execute function uploads.mt_doc_uploadstatus_notify();

-- Tenant deletion (see 004) now removes the tenant's upload streams from Marten's tables.
create or replace function tenant_purge(p_tenant uuid)
  returns void language plpgsql volatile security definer set search_path = public
  as $$
  begin
    if p_tenant is distinct from app_current_tenant() then
      raise exception 'tenant_purge: the tenant must be the one set for the transaction';
    end if;
    delete from uploads.mt_events where tenant_id = p_tenant::text;
    delete from uploads.mt_streams where tenant_id = p_tenant::text;
    delete from uploads.mt_doc_uploadstatus where tenant_id = p_tenant::text;
    delete from upload_reconcile where tenant_id = p_tenant;
    delete from upload_duplicates where tenant_id = p_tenant;
    delete from wolverine_outgoing_envelopes where tenant_id = p_tenant;
    delete from wolverine_incoming_envelopes where tenant_id = p_tenant;
    delete from refresh_tokens where tenant_id = p_tenant;
    delete from tenants where tenant_id = p_tenant; -- cascades to users, projects, members
  end $$;
