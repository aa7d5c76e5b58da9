-- The denominators of demand: distinct jobs by month of their first posting, department and scope.
-- Grain: month, department_code, scope. scope: 'digital' (digital jobs, the default of every mart) or 'all'.
with scoped as (
    select * from {{ ref('job_scopes') }}
)

select
    month,
    department_code,
    scope,
    count(*) as jobs,
from scoped
group by month, department_code, scope
