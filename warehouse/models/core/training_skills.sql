-- What each programme teaches, at both levels. Grain: one row per training_id and concept_id.
-- An area is taught when a unit states it (activity phrase, keyword) or teaches one of its named skills.
with mentions as (
    select * from {{ ref('stg_extraction__training_mentions') }}
),

direct as (
    select
        training_id,
        unit_id,
        concept_id,
        kind as level,
        evidence,
    from mentions
),

through_skills as (
    select
        mentions.training_id,
        mentions.unit_id,
        skill_areas.area_id as concept_id,
        'area' as level,
        'skill' as evidence,
    from mentions
    inner join {{ ref('skill_areas') }} as skill_areas on skill_areas.skill_id = mentions.concept_id
    where mentions.kind = 'skill'
),

combined as (
    select * from direct
    union all
    select * from through_skills
),

per_training as (
    select
        training_id,
        concept_id,
        any_value(level) as level,
        count(*) as mentions,
        list(distinct unit_id order by unit_id) as units,
        list(distinct evidence order by evidence) as evidence,
    from combined
    group by training_id, concept_id
)

select * from per_training
