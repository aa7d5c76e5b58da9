-- Up to five example postings, the most recent first, for each concept a programme's market asks for and the
-- programme does not teach (a tier of marts.programme_skill_gaps). Grain: training_id, concept_id, job_id.
with missing as (
    select training_id, concept_id, tier from {{ ref('programme_skill_gaps') }} where tier is not null
),

candidates as (
    select
        missing.training_id,
        missing.concept_id,
        missing.tier,
        jobs.job_id,
        jobs.first_posting_id as posting_id,
        jobs.title,
        jobs.employer,
        jobs.department_code,
        jobs.created_on,
        job_skills.is_required,
    from missing
    inner join {{ ref('programme_occupations') }} as programme_occupations using (training_id)
    inner join {{ ref('jobs') }} as jobs using (rome_code)
    inner join {{ ref('job_skills') }} as job_skills
        on job_skills.job_id = jobs.job_id and job_skills.concept_id = missing.concept_id
    where {{ window_of('jobs.month') }} = 'current'
    qualify row_number() over (partition by missing.training_id, missing.concept_id, jobs.job_id order by jobs.job_id) = 1
),

ranked as (
    select
        *,
        row_number() over (partition by training_id, concept_id order by created_on desc, job_id) as example_rank,
    from candidates
)

select
    ranked.training_id,
    ranked.concept_id,
    ranked.tier,
    ranked.example_rank,
    ranked.job_id,
    ranked.posting_id,
    ranked.title,
    ranked.employer,
    postings.city,
    ranked.department_code,
    ranked.created_on,
    postings.url,
    ranked.is_required,
from ranked
inner join {{ ref('postings') }} as postings using (posting_id)
where ranked.example_rank <= 5
order by ranked.training_id, ranked.concept_id, ranked.example_rank
