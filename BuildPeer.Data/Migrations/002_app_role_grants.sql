-- The services' role: a login without superuser or BYPASSRLS, so every policy applies to it.
grant usage on schema public to buildpeer_app;
grant select, insert, update, delete on tenants, users, projects, project_members, mt_streams, upload_status,
  wolverine_outgoing_envelopes, wolverine_incoming_envelopes to buildpeer_app;
-- Events are append-only for the services.
grant select, insert on mt_events to buildpeer_app;
grant usage, select on sequence mt_events_seq_id_seq to buildpeer_app;
grant execute on function app_current_tenant(), auth_find_user(text), outbox_claim(int), outbox_delete(uuid[]),
  outbox_bump_attempts(uuid[]) to buildpeer_app;
