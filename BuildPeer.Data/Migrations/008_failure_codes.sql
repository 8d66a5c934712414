-- Recent failures carry the reason's stable code and parameters, so the ops page can say it in the reader's language.
-- A Quarantined upload's reason is its virus signature; a failure recorded before codes existed is 'unspecified'.
drop function if exists ops_recent_failures(uuid, int);

create function ops_recent_failures(p_tenant uuid, p_limit int)
  returns table (upload_id uuid, tenant_id uuid, project_id uuid, project_name text, file_name text, status text,
                 failed_stage text, reason text, at timestamptz, reason_code text, reason_params text)
  language sql stable security definer set search_path = public
  as $$
    select u.id, u.tenant_id, u.project_id, p.name, u.file_name, u.status,
           coalesce(u.data->>'failedStage', case when u.status = 'Quarantined' then 'scan' end),
           coalesce(u.data->>'failureReason', u.data->>'scanSignature'), u.updated_at,
           case when u.status = 'Quarantined' then 'virus_found' else coalesce(u.data->>'failureCode', 'unspecified') end,
           case when u.status = 'Quarantined' then jsonb_build_object('signature', coalesce(u.data->>'scanSignature', ''))::text
                else coalesce(u.data->'failureParams', '{}'::jsonb)::text end
    from upload_status u
    left join projects p on p.id = u.project_id
    where u.status in ('Failed', 'Quarantined') and (p_tenant is null or u.tenant_id = p_tenant)
    order by u.updated_at desc
    limit p_limit
  $$;

grant execute on function ops_recent_failures(uuid, int) to buildpeer_app;
