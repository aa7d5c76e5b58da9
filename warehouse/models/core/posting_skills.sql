-- What each posting asks for, at both levels. Grain: one row per posting_id and concept_id.
-- Mentions in the employer's or recruiter's own presentation are not asked for (in_company_presentation).
-- An area is asked for when it is named directly, or when its distinct named skills weigh enough (skill_areas.weight).
-- Incremental: a night adds the rows of the postings loaded since the last build (new or changed ones,
-- `loaded_at`), after its pre-hook removed their previous rows; unchanged postings are not read again.
-- A change of the taxonomy's skill → area links rebuilds it whole (warehouse/build.py: --full-refresh).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{% if is_incremental() %}delete from {{ this }} where posting_id in ("
             ~ "select posting_id from {{ ref('postings') }} "
             ~ "where loaded_at > {{ watermark_of(this) }}){% endif %}",
) }}

{% set watermark = loaded_watermark() %}

with loaded as (
    select
        posting_id,
        loaded_at,
    from {{ ref('postings') }}
    {% if watermark is not none %}
    where loaded_at > timestamp '{{ watermark }}'
    {% endif %}
),

mentions as (
    select
        mentions.*,
        loaded.loaded_at,
    from {{ ref('stg_extraction__posting_mentions') }} as mentions
    inner join loaded using (posting_id)
    where not mentions.in_company_presentation
),

skill_mentions as (
    select
        posting_id,
        concept_id,
        'skill' as kind,
        case when bool_or(requirement = 'required') then 'required' else 'wished' end as requirement,
        max(loaded_at) as loaded_at,
    from mentions
    where kind = 'skill'
    group by posting_id, concept_id
),

direct as (
    select
        posting_id,
        concept_id,
        kind as level,
        requirement,
        evidence,
        loaded_at,
    from mentions
),

-- An area is asked for through skills only when its distinct skills weigh enough (skill_areas.weight): one
-- mention of Python (three areas) does not make a job "ML/AI"; TensorFlow (one area) does.
through_skills as (
    select
        mentions.posting_id,
        skill_areas.area_id as concept_id,
        'area' as level,
        case when bool_or(mentions.requirement = 'required') then 'required' else 'wished' end as requirement,
        'skill' as evidence,
        max(mentions.loaded_at) as loaded_at,
    from skill_mentions as mentions
    inner join {{ ref('skill_areas') }} as skill_areas on skill_areas.skill_id = mentions.concept_id
    group by mentions.posting_id, skill_areas.area_id
    having sum(skill_areas.weight) >= {{ var('area_skill_weight') }}
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
        max(loaded_at) as loaded_at,
    from combined
    group by posting_id, concept_id
)

select * from per_posting
