-- The sessions of each programme (LHEO action × session, Intercarif JSON sessions), unnested from the JSON list
-- landed with the programme. Grain: training_id, session_id.
with source as (
    select
        training_id,
        unnest(from_json(sessions, '[{"session_id": "VARCHAR", "start": "DATE", "end": "DATE", "commune_code": "VARCHAR",
            "department": "VARCHAR", "city": "VARCHAR", "modality": "VARCHAR", "hours": "DOUBLE", "funders": ["VARCHAR"]}]'))
            as session,
    from {{ source('landing', 'trainings') }}
    where sessions is not null and sessions <> '[]'
)

select distinct on (training_id, session.session_id)
    training_id,
    session.session_id as session_id,
    session.start as session_start,
    session.end as session_end,
    session.commune_code as commune_code,
    session.department as department,
    session.city as city,
    session.modality as modality,
    session.hours as hours,
    coalesce(session.funders, []) as funders,
from source
order by training_id, session.session_id, session.start
