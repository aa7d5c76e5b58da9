-- Training programmes (RNCP certifications and LHEO offers). Grain: one row per training_id.
with units as (
    select
        training_id,
        count(*) as analysed_units,
    from {{ source('landing', 'training_units') }}
    group by training_id
)

select
    trainings.*,
    coalesce(units.analysed_units, 0) as analysed_units,
from {{ ref('stg_catalogues__trainings') }} as trainings
left join units using (training_id)
