with n as (
insert into notifications (provider, provider_tx_id, raw_body, status)
select provider, provider_tx_id, raw_body, 'processed' from json_populate_recordset(null::notifications, $1::json)
on conflict (provider, provider_tx_id) do update set status = 'processed', error = null where notifications.status = 'failed'
returning id, provider, provider_tx_id
),
r as (
select "id", "merchant_id", "reference", "amount", "description", "items", "status", "expires_at", "paid_at", "created_at" from payment_requests where reference = any(array(select json_array_elements_text($2::json))) order by id for update
),
m as (
select "id", "stall_code", "name", "qr_name", "category", "mcc", "ward", "site_id", "ward_code", "payout_bin", "payout_account", "tax_code", "tax_method", "address", "invoice_letters", "is_demo", "created_at" from merchants
where id = any(array(select merchant_id from r)) or payout_account = any(array(select json_array_elements_text($3::json)))
)
select (select coalesce(json_agg(n), '[]') from n) as n,
(select coalesce(json_agg(r), '[]') from r) as r,
(select coalesce(json_agg(m), '[]') from m) as m
