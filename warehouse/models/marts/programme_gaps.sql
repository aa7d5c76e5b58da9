-- What each programme could add: the competence areas asked for by the jobs that match the programme
-- (jobs asking for at least one area it teaches) and that it does not teach.
-- Grain: one row per training_id and missing area. share_of_matching_jobs: how many of those jobs ask for it.
with taught as (
    select distinct
        training_id,
        concept_id,
    from {{ ref('training_skills') }}
    where level = 'area'
),

job_areas as (
    select distinct
        postings.duplicate_group,
        posting_skills.concept_id,
    from {{ ref('posting_skills') }} as posting_skills
    inner join {{ ref('postings') }} as postings using (posting_id)
    where posting_skills.level = 'area'
),

matching_jobs as (
    select distinct
        taught.training_id,
        job_areas.duplicate_group,
    from taught
    inner join job_areas using (concept_id)
),

matching_totals as (
    select
        training_id,
        count(*) as matching_jobs,
    from matching_jobs
    group by training_id
),

asked as (
    select
        matching_jobs.training_id,
        job_areas.concept_id,
        count(distinct job_areas.duplicate_group) as asking_jobs,
    from matching_jobs
    inner join job_areas using (duplicate_group)
    group by matching_jobs.training_id, job_areas.concept_id
),

gaps as (
    select
        asked.training_id,
        asked.concept_id,
        asked.asking_jobs,
        matching_totals.matching_jobs,
        round(asked.asking_jobs / matching_totals.matching_jobs, 4) as share_of_matching_jobs,
    from asked
    inner join matching_totals using (training_id)
    anti join taught on taught.training_id = asked.training_id and taught.concept_id = asked.concept_id
)

select * from gaps
order by training_id, share_of_matching_jobs desc, concept_id
