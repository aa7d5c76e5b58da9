-- Demand by month: for each concept, the distinct jobs asking for it (at all, and as required), by month of
-- the job's first posting, department and scope. Sums over months and departments are distinct jobs (a job
-- has one month and one department). Grain: month, department_code, scope, concept_id.
with scoped as (
    select * from {{ ref('job_scopes') }}
)

select
    scoped.month,
    scoped.department_code,
    scoped.scope,
    job_skills.concept_id,
    count(*) as jobs,
    count(*) filter (where job_skills.is_required) as required_jobs,
from scoped
inner join {{ ref('job_skills') }} as job_skills using (job_id)
group by scoped.month, scoped.department_code, scoped.scope, job_skills.concept_id
