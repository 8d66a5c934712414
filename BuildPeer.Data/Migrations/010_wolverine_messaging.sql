-- Wolverine replaces the hand-made outbox and inbox: its tables live in one schema per service (wolverine_api,
-- wolverine_processing), which its own migration builds at start-up (MessageStorageSchema). An envelope left in the old outbox is not lost: the reconciler
-- sends ScanUpload or ProcessUpload again for every upload that still waits in Received or Scanned.
drop function if exists outbox_claim(int);
drop function if exists outbox_delete(uuid[]);
drop function if exists outbox_bump_attempts(uuid[]);
drop table if exists wolverine_outgoing_envelopes;
drop table if exists wolverine_incoming_envelopes;

-- Tenant deletion no longer touches envelopes: Wolverine's carry no tenant column, and a message for a purged upload
-- finds no stream and does nothing. dead_letters keeps operators' decisions (and the dead letters from before Wolverine).
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
    delete from refresh_tokens where tenant_id = p_tenant;
    delete from tenants where tenant_id = p_tenant; -- cascades to users, projects, members
  end $$;
