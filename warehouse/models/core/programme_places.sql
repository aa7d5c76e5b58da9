-- Where each active programme is taught now, in the region (docs/method.md, "Offered in the region").
-- Grain: training_id, department_code.
-- A programme is taught at the place of each of its sessions that is current or undated (a session that ended
-- before the window is no longer supply); a programme none of whose such sessions gives a place is taught at
-- its own place. An RNCP/RS fiche (national register) and a national catalogue entry (ONISEP Idéo) name no
-- place: they are never here.
with live_session_places as (
    select distinct
        training_id,
        department as department_code,
    from {{ ref('training_sessions') }}
    where department is not null and (is_current or not is_dated)
),

places as (
    select * from live_session_places
    union
    select
        training_id,
        department as department_code,
    from {{ ref('trainings') }}
    where department is not null and training_id not in (select training_id from live_session_places)
)

select
    places.training_id,
    places.department_code,
from places
inner join {{ ref('trainings') }} as trainings using (training_id)
inner join {{ ref('geography') }} as geography using (department_code)
where trainings.is_active and geography.is_in_region
