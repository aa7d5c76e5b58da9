-- What each programme teaches, at both levels. Grain: one row per training_id and concept_id.
-- An area is taught when a unit states it (activity phrase, keyword), or when the programme's distinct named
-- skills of that area weigh enough (skill_areas.weight): RGPD alone does not make a programme "cybersecurity".
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

skills_taught as (
    select distinct
        training_id,
        concept_id,
    from mentions
    where kind = 'skill'
),

areas_through_skills as (
    select
        skills_taught.training_id,
        skill_areas.area_id as concept_id,
    from skills_taught
    inner join {{ ref('skill_areas') }} as skill_areas on skill_areas.skill_id = skills_taught.concept_id
    group by skills_taught.training_id, skill_areas.area_id
    having sum(skill_areas.weight) >= {{ var('area_skill_weight') }}
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
    inner join areas_through_skills
        on areas_through_skills.training_id = mentions.training_id and areas_through_skills.concept_id = skill_areas.area_id
    where mentions.kind = 'skill' and skill_areas.weight > 0
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
