-- Official codes of each taxonomy concept: those curated in the taxonomy file and those linked by an
-- import of the referentials. Grain: concept_id, referential, code.
with curated_rome as (
    select
        concept_id,
        'rome' as referential,
        unnest(rome_codes) as code,
        null as label,
        'curated' as match,
    from {{ ref('skills') }}
),

curated_esco as (
    select
        concept_id,
        'esco' as referential,
        esco_uri as code,
        null as label,
        'curated' as match,
    from {{ ref('skills') }}
    where esco_uri is not null
),

imported as (
    select
        concept_id,
        case when referential like 'rome%' then 'rome' else referential end as referential,
        code,
        label,
        match,
    from {{ ref('stg_referentials__links') }}
),

combined as (
    select * from curated_rome
    union all
    select * from curated_esco
    union all
    select * from imported
)

select
    concept_id,
    referential,
    code,
    any_value(label) as label,
    list(distinct match order by match) as matches,
from combined
group by concept_id, referential, code
