-- What each posting asks for, at both levels. Grain: one row per posting_id and concept_id.
-- An area is asked for when it is named directly or when one of its named skills is.
with mentions as (
    select * from staging.stg_extraction__posting_mentions
),

direct as (
    select
        posting_id,
        concept_id,
        kind as level,
        requirement,
        evidence,
    from mentions
),

through_skills as (
    select
        mentions.posting_id,
        skill_areas.area_id as concept_id,
        'area' as level,
        mentions.requirement,
        'skill' as evidence,
    from mentions
    inner join core.skill_areas as skill_areas on skill_areas.skill_id = mentions.concept_id
    where mentions.kind = 'skill'
),

combined as (
    select * from direct
    union all
    select * from through_skills
),

per_posting as (
    select
        posting_id,
        concept_id,
        any_value(level) as level,
        case when bool_or(requirement = 'required') then 'required' else 'wished' end as requirement,
        count(*) as mentions,
        list(distinct evidence order by evidence) as evidence,
    from combined
    group by posting_id, concept_id
)

select * from per_posting
