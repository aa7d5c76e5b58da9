-- The communes where postings and programmes are, each with its department (the INSEE code's first two
-- characters, three overseas) and through it its region. Grain: commune_code.
with seen as (
    select commune_code, city from {{ ref('stg_landing__postings') }} where commune_code is not null
    union all
    select commune_code, city from {{ ref('stg_catalogues__trainings') }} where commune_code is not null
),

communes as (
    select
        commune_code,
        mode(city) as commune_name,
        case when commune_code like '97%' then left(commune_code, 3) else left(commune_code, 2) end as department_code,
    from seen
    group by commune_code
)

select
    communes.commune_code,
    communes.commune_name,
    communes.department_code,
    geography.region_code,
    geography.is_in_region,
from communes
left join {{ ref('geography') }} as geography using (department_code)
