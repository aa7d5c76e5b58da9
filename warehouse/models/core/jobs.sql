-- One row per job: the postings of one duplicate_group (one vacancy published again, across nights and
-- sources), so that a recruiter who re-posts every week counts once. Grain: job_id.
-- Its month, place, occupation and employer are those of its first posting (earliest creation date).
-- Digital job (docs/method.md, "Scope"): one of its postings has a digital occupation (core.occupations); a job
-- whose postings give no ROME code (job boards, career sites) is digital when its text names a competence area
-- (a keyword or an activity of it) or it asks for two areas.
with postings as (
    select * from {{ ref('postings') }}
),

occupation_flags as (
    -- core.postings.is_digital_job: its occupation's flag (core.occupations) when it has a ROME code
    select
        duplicate_group as job_id,
        bool_or(is_digital_job) filter (where rome_code is not null) as has_digital_occupation,
        count(rome_code) > 0 as has_rome_code,
    from postings
    group by duplicate_group
),

areas_without_rome as (
    select
        postings.duplicate_group as job_id,
        count(distinct posting_skills.concept_id) as areas,
        count(distinct posting_skills.concept_id) filter (where list_contains(posting_skills.evidence, 'text')) as named_areas,
    from postings
    inner join {{ ref('posting_skills') }} as posting_skills using (posting_id)
    where postings.rome_code is null and posting_skills.level = 'area'
    group by postings.duplicate_group
),

jobs as (
    select
        duplicate_group as job_id,
        arg_min(posting_id, coalesce(created_at, cast(first_seen_on as timestamp))) as first_posting_id,
        arg_min(title, coalesce(created_at, cast(first_seen_on as timestamp))) as title,
        arg_min(employer, coalesce(created_at, cast(first_seen_on as timestamp))) as employer,
        arg_min(rome_code, coalesce(created_at, cast(first_seen_on as timestamp))) as rome_code,
        arg_min(department, coalesce(created_at, cast(first_seen_on as timestamp))) as department_code,
        arg_min(commune_code, coalesce(created_at, cast(first_seen_on as timestamp))) as commune_code,
        cast(min(coalesce(created_at, cast(first_seen_on as timestamp))) as date) as created_on,
        count(*) as postings,
        min(first_seen_on) as first_seen_on,
        max(last_seen_on) as last_seen_on,
        bool_or(is_open) as is_open,
    from postings
    group by duplicate_group
)

select
    jobs.*,
    cast(date_trunc('month', jobs.created_on) as date) as month,
    case
        when occupation_flags.has_rome_code then coalesce(occupation_flags.has_digital_occupation, false)
        else coalesce(areas_without_rome.named_areas, 0) >= 1 or coalesce(areas_without_rome.areas, 0) >= 2
    end as is_digital_job,
    case
        when occupation_flags.has_rome_code then 'occupation'
        else 'areas'
    end as digital_rule,
from jobs
left join occupation_flags using (job_id)
left join areas_without_rome using (job_id)
