-- Live status: every write of the upload_status projection is NOTIFYed on channel 'upload_status', so each API
-- instance (one LISTEN connection each) can push it to its Server-Sent Events subscribers. NOTIFY is delivered
-- at commit, in commit order, and never for a rolled-back transaction. The payload stays small (< 300 bytes of
-- the 8000 allowed): subscribers read the row itself, under their own tenant, when they need the details.
create or replace function upload_status_notify() returns trigger
  language plpgsql
  as $$
begin
  perform pg_notify('upload_status', json_build_object(
    'tenant_id', new.tenant_id,
    'project_id', new.project_id,
    'upload_id', new.id,
    'status', new.status,
    'version', new.version,
    'last_sequence', new.last_sequence,
    -- 'progress' when only confirmed parts changed (multipart progress), 'status' otherwise.
    'kind', case when tg_op = 'INSERT' or old.status is distinct from new.status then 'status' else 'progress' end
  )::text);
  return null;
end $$;

create trigger upload_status_notify after insert or update on upload_status
  for each row execute function upload_status_notify();

-- The ops view: the last hour's activity and failures, read across tenants by the metrics sampler (p_tenant null)
-- or for one tenant by a constructora. Aggregates only; the functions run as the owner because row-level
-- security would hide other tenants from the sampler.
create index upload_status_updated_at on upload_status (updated_at);

create or replace function ops_upload_activity(p_tenant uuid, p_since timestamptz)
  returns table (tenant_id uuid, tenant_name text, project_id uuid, project_name text, status text, size bigint,
                 requested_at timestamptz, received_at timestamptz, scanned_at timestamptz,
                 processed_at timestamptz, failed_at timestamptz, updated_at timestamptz)
  language sql stable security definer set search_path = public
  as $$
    select u.tenant_id, t.name, u.project_id, p.name, u.status, u.size,
           (u.data->'stages'->>'requestedAt')::timestamptz, (u.data->'stages'->>'receivedAt')::timestamptz,
           (u.data->'stages'->>'scannedAt')::timestamptz, (u.data->'stages'->>'processedAt')::timestamptz,
           (u.data->'stages'->>'failedAt')::timestamptz, u.updated_at
    from upload_status u
    join tenants t on t.tenant_id = u.tenant_id
    left join projects p on p.id = u.project_id
    where u.updated_at >= p_since and (p_tenant is null or u.tenant_id = p_tenant)
  $$;

create or replace function ops_recent_failures(p_tenant uuid, p_limit int)
  returns table (upload_id uuid, tenant_id uuid, project_id uuid, project_name text, file_name text, status text,
                 failed_stage text, reason text, at timestamptz)
  language sql stable security definer set search_path = public
  as $$
    select u.id, u.tenant_id, u.project_id, p.name, u.file_name, u.status,
           coalesce(u.data->>'failedStage', case when u.status = 'Quarantined' then 'scan' end),
           coalesce(u.data->>'failureReason', u.data->>'scanSignature'), u.updated_at
    from upload_status u
    left join projects p on p.id = u.project_id
    where u.status in ('Failed', 'Quarantined') and (p_tenant is null or u.tenant_id = p_tenant)
    order by u.updated_at desc
    limit p_limit
  $$;

grant execute on function ops_upload_activity(uuid, timestamptz), ops_recent_failures(uuid, int) to buildpeer_app;
