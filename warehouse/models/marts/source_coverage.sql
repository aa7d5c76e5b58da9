-- What each source brought to the warehouse and how much of it the extraction could read (docs/method.md,
-- "Sources"). Grain: source. Postings: the latest version of each posting id; programmes: each programme id.
-- with_skills: records in which the extraction found at least one named skill or competence area.
-- first_dated_on / last_dated_on: the creation dates of its postings (null for programme sources).
-- last_seen_on: the last night it returned a record (freshness). built_for: the night the marts are built for.
with postings as (
    select
        postings.source,
        'postings' as side,
        postings.posting_id as record_id,
        postings.is_open as is_current,
        coalesce(geography.is_in_region, false) as is_in_region,
        cast(postings.created_at as date) as dated_on,
        postings.last_seen_on,
        exists (select 1 from {{ ref('posting_skills') }} as s where s.posting_id = postings.posting_id) as has_skills,
    from {{ ref('postings') }} as postings
    left join {{ ref('geography') }} as geography on geography.department_code = postings.department
),

trainings as (
    select
        trainings.source,
        'trainings' as side,
        trainings.training_id as record_id,
        trainings.is_active as is_current,
        trainings.is_regional as is_in_region,
        cast(null as date) as dated_on,
        trainings.last_seen_on,
        exists (select 1 from {{ ref('training_skills') }} as s where s.training_id = trainings.training_id) as has_skills,
    from {{ ref('trainings') }} as trainings
),

records as (
    select * from postings
    union all
    select * from trainings
),

refused as (
    select source, count(*) as quarantined from {{ source('landing', 'quarantine') }} group by source
)

select
    records.source,
    any_value(records.side) as side,
    count(*) as records,
    count(*) filter (where records.is_current) as current_records,
    count(*) filter (where records.is_in_region) as in_region_records,
    count(*) filter (where records.has_skills) as with_skills,
    round(count(*) filter (where records.has_skills) / count(*), 4) as skill_coverage,
    coalesce(any_value(refused.quarantined), 0) as quarantined,
    min(records.dated_on) as first_dated_on,
    max(records.dated_on) as last_dated_on,
    max(records.last_seen_on) as last_seen_on,
    {% if var('window_end') -%}
    date '{{ var("window_end") }}' as built_for,
    {%- else -%}
    coalesce(
        (select max(cast(value as date)) from {{ source('landing', 'build_state') }} where key = 'window_end'),
        current_date) as built_for,
    {%- endif %}
from records
left join refused using (source)
group by records.source
order by side, records.source
