-- What each job asks for: the concepts of its postings, required when one of them requires it.
-- Grain: job_id, concept_id.
-- Incremental: a night rebuilds only the jobs its load touched (landing.job_changes: the groups its new or changed
-- postings left or joined, and those the re-post regrouping changed), after its pre-hook removed their rows.
-- A change of what posting_skills derives from rebuilds both whole (warehouse/build.py: --full-refresh).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{% if is_incremental() %}delete from {{ this }} where job_id in ("
             ~ "select job_id from {{ source('landing', 'job_changes') }} "
             ~ "where changed_at > {{ watermark_of(this) }}){% endif %}",
) }}

{% set watermark = loaded_watermark() %}

with postings as (
    select
        posting_id,
        duplicate_group as job_id,
    from {{ ref('postings') }}
    {% if watermark is not none %}
    where duplicate_group in (
        select job_id from {{ source('landing', 'job_changes') }} where changed_at > timestamp '{{ watermark }}'
    )
    {% endif %}
)

select
    postings.job_id,
    posting_skills.concept_id,
    any_value(posting_skills.level) as level,
    bool_or(posting_skills.requirement = 'required') as is_required,
    -- postings loaded before loaded_at existed have none: the job counts as loaded at the epoch
    coalesce(max(posting_skills.loaded_at), timestamp '1970-01-01') as loaded_at,
from {{ ref('posting_skills') }} as posting_skills
inner join postings using (posting_id)
group by postings.job_id, posting_skills.concept_id
