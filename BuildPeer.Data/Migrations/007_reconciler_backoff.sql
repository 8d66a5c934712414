-- Reconciler re-sends back off per upload (stuck_after, then x2, x4, ... up to x64) and restart when the upload
-- moves on (the projection resets the counter), so several instances and a long queue do not feed each other.
alter table upload_status add column reconcile_count int not null default 0;
alter table upload_status add column reconciled_at timestamptz;

create or replace function reconcile_candidates(p_requested_after interval, p_stuck_after interval, p_limit int)
  returns table (tenant_id uuid, id uuid, status text)
  language sql stable security definer set search_path = public
  as $$ select u.tenant_id, u.id, u.status from upload_status u
        where (u.status = 'Requested' and u.updated_at < now() - p_requested_after)
           or (u.status in ('Received', 'Scanned')
               and greatest(u.updated_at, coalesce(u.reconciled_at, u.updated_at)) < now() - p_stuck_after * power(2, least(u.reconcile_count, 6)))
        order by u.updated_at limit p_limit $$;

create or replace function reconcile_mark(p_id uuid)
  returns void language sql volatile security definer set search_path = public
  as $$ update upload_status set reconcile_count = reconcile_count + 1, reconciled_at = now() where id = p_id $$;
grant execute on function reconcile_mark(uuid) to buildpeer_app;
