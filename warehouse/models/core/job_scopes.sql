-- Each job of a known month in each scope it belongs to: 'all', and 'digital' when it is a digital job.
-- Grain: job_id, scope. Ephemeral: the shared first step of monthly_jobs and monthly_demand.
{{ config(materialized='ephemeral') }}

with jobs as (
    select * from {{ ref('jobs') }} where month is not null
)

select month, department_code, 'all' as scope, job_id from jobs
union all
select month, department_code, 'digital' as scope, job_id from jobs where is_digital_job
