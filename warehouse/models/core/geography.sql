-- France's departments with their region and, for Occitanie, their former region (before 2016).
-- Grain: department_code. From the INSEE Code officiel géographique (seeds/geography_departments.csv).
select
    department_code,
    department_name,
    region_code,
    region_name,
    nullif(former_region_name, '') as former_region_name,
    region_code = '{{ var("region_code") }}' as is_in_region,
    coalesce(former_region_name = 'Languedoc-Roussillon', false) as is_former_languedoc_roussillon,
from {{ ref('geography_departments') }}
